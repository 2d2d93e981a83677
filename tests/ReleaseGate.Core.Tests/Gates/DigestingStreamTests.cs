using System.Text;
using ReleaseGate.Core.Gates;
using Xunit;

namespace ReleaseGate.Core.Tests.Gates;

public class DigestingStreamTests
{
    [Theory]
    [InlineData("", 1)]
    [InlineData("a", 1)]
    [InlineData("ab", 1)]
    [InlineData("abc", 2)]
    [InlineData("\uFEFF", 1)]
    [InlineData("\uFEFFa", 2)]
    [InlineData("\uFEFF{\"id\":\"c1\"}\n", 1)]
    [InlineData("\uFEFF{\"id\":\"c1\"}\n", 4096)]
    [InlineData("{\"id\":\"é\"}\n\uFEFF", 3)]
    public void A_streamed_file_digests_as_its_decoded_text_whatever_the_reads(string text, int readSize)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        using var stream = new DigestingStream(new MemoryStream(bytes), keep: true);
        var buffer = new byte[readSize];
        while (stream.Read(buffer, 0, buffer.Length) > 0)
        {
        }

        var decoded = text.StartsWith('\uFEFF') ? text[1..] : text;
        Assert.Equal(GateDigest.OfText(decoded), stream.Digest());
        Assert.Equal(bytes, stream.Kept!.ToArray());
    }
}
