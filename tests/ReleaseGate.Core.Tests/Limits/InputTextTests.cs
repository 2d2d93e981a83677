using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Limits;

public class InputTextTests
{
    [Fact]
    public void A_stream_within_the_limit_is_decoded_without_its_byte_order_mark()
    {
        var errors = new List<GateError>();

        var text = InputText.Read(new MemoryStream([.. "\uFEFF"u8, .. "kind: Gate\n"u8]), "gate.yaml", errors);

        Assert.Equal("kind: Gate\n", text);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_stream_over_the_size_limit_is_refused_after_one_byte_past_it()
    {
        var stream = new RepeatingStream([], (byte)' ', InputLimits.MaxYamlDocumentBytes + 1_000_000L, []);
        var errors = new List<GateError>();

        Assert.Null(InputText.Read(stream, "big.yaml", errors));
        Assert.Equal(ErrorCodes.DocumentTooLarge, Assert.Single(errors).Code);
        Assert.Equal(InputLimits.MaxYamlDocumentBytes + 1, stream.Position);
    }

    [Fact]
    public void A_seekable_stream_over_the_size_limit_is_refused_unread()
    {
        var stream = new MemoryStream(new byte[InputLimits.MaxYamlDocumentBytes + 1]);
        var errors = new List<GateError>();

        Assert.Null(InputText.Read(stream, "big.yaml", errors));
        Assert.Equal(ErrorCodes.DocumentTooLarge, Assert.Single(errors).Code);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_an_error_at_their_line_and_column()
    {
        var errors = new List<GateError>();

        var text = InputText.Read(new MemoryStream(Encoding.UTF8.GetBytes("a: 1\nbé: ").Concat(new byte[] { 0xFF }).ToArray()), "x.yaml", errors);

        Assert.Null(text);
        var error = Assert.Single(errors);
        Assert.Equal((ErrorCodes.InvalidUtf8, 2, 5), (error.Code, error.Location.Line, error.Location.Column));
    }
}
