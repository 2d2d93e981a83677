using System.Diagnostics;
using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using Xunit;

namespace ReleaseGate.Core.Tests.Limits;

public class ResultsLimitsTests
{
    private const string Valid = """{"suite":"s","case":"a","pass":true}""";

    private static ResultsReader Read(byte[] bytes, bool full = false, int? maxLine = null)
    {
        var reader = new ResultsReader("r.jsonl", allBaseline: false) { UseFullReader = full, MaxLineBytes = maxLine ?? InputLimits.MaxJsonLineBytes };
        reader.Read(new MemoryStream(bytes));
        return reader;
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    [Fact]
    public void A_150_MiB_line_is_refused_with_its_number_in_memory_bounded_by_the_limit()
    {
        var prefix = Encoding.UTF8.GetBytes(Valid + "\n{\"suite\":\"s\",\"case\":\"b\",\"pass\":true,\"output\":\"");
        var suffix = Encoding.UTF8.GetBytes("\"}\n" + """{"suite":"s","case":"c","pass":false}""" + "\n");
        var stream = new RepeatingStream(prefix, (byte)'x', 150L << 20, suffix);
        var reader = new ResultsReader("r.jsonl", allBaseline: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        reader.Read(stream);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var error = Assert.Single(reader.Errors);
        Assert.Equal(ErrorCodes.LineTooLong, error.Code);
        Assert.Equal(new SourceLocation("r.jsonl", 2, 0), error.Location);
        Assert.Equal(Messages.LineTooLong(InputLimits.MaxJsonLineBytes), error.Message);
        // The lines around the long one are read, and the one after it keeps its number.
        Assert.Equal(["a", "c"], reader.Candidate.Suites["s"].Cases.Keys.Order(StringComparer.Ordinal));
        Assert.True(allocated < 64L << 20, $"allocated {allocated} bytes");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_one_byte_over_the_limit_is_refused_and_one_at_the_limit_is_read(bool full)
    {
        var atLimit = Valid;
        var over = Valid.Replace("\"a\"", "\"bb\"", StringComparison.Ordinal);

        var reader = Read(Lines(atLimit, over, atLimit.Replace("\"a\"", "\"c\"", StringComparison.Ordinal)), full, maxLine: atLimit.Length);

        var error = Assert.Single(reader.Errors);
        Assert.Equal(ErrorCodes.LineTooLong, error.Code);
        Assert.Equal(2, error.Location.Line);
        Assert.Equal(["a", "c"], reader.Candidate.Suites["s"].Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_long_last_line_without_a_newline_is_refused()
    {
        var reader = Read(Encoding.UTF8.GetBytes(Valid + "\n" + Valid.Replace("\"a\"", "\"" + new string('z', 200) + "\"", StringComparison.Ordinal)), maxLine: 64);

        Assert.Equal(2, Assert.Single(reader.Errors).Location.Line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Invalid_utf8_is_refused_at_its_column(bool full)
    {
        var bytes = Lines(Valid, """{"suite":"s","case":"é","pass":true,"output":"ab?"}""");
        var at = Array.LastIndexOf(bytes, (byte)'?');
        bytes[at] = 0xFF;

        var error = Assert.Single(Read(bytes, full).Errors);

        Assert.Equal(ErrorCodes.InvalidUtf8, error.Code);
        // Column in characters: 'é' is two bytes but one character.
        Assert.Equal(new SourceLocation("r.jsonl", 2, 49), error.Location);
    }

    [Theory]
    [InlineData("\"score\":1e999", 45)]
    [InlineData("\"score\":-1E400", 45)]
    [InlineData("\"output\":{\"tokens\":[1,2e308]}", 59)]
    [InlineData("\"latency_ms\":1e999", 50)]
    [InlineData("\"error\":{\"after_ms\":1e999}", 57)]
    public void Numbers_that_are_not_finite_are_refused(string member, int column)
    {
        foreach (var full in new[] { false, true })
        {
            var error = Assert.Single(Read(Lines("{\"suite\":\"s\",\"case\":\"a\",\"pass\":true," + member + "}"), full).Errors);

            Assert.Equal(ErrorCodes.JsonNotFinite, error.Code);
            Assert.Equal(new SourceLocation("r.jsonl", 1, column), error.Location);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"1\"")]
    [InlineData("4294967296")]
    public void A_repeat_that_is_not_a_count_is_refused(string value)
    {
        foreach (var full in new[] { false, true })
        {
            var error = Assert.Single(Read(Lines("{\"suite\":\"s\",\"case\":\"a\",\"repeat\":" + value + ",\"pass\":true}"), full).Errors);

            Assert.Equal(ErrorCodes.ResultWrongType, error.Code);
            Assert.Equal(new SourceLocation("r.jsonl", 1, 25), error.Location);
        }
    }

    [Fact]
    public void A_repeat_count_is_accepted()
    {
        Assert.Empty(Read(Lines("{\"suite\":\"s\",\"case\":\"a\",\"repeat\":3,\"pass\":true}")).Errors);
    }

    [Fact]
    public void Nesting_past_the_limit_is_refused_at_the_bracket_that_passes_it()
    {
        var deep = "{\"suite\":\"s\",\"case\":\"a\",\"pass\":true,\"output\":" + new string('[', InputLimits.MaxJsonDepth) + new string(']', InputLimits.MaxJsonDepth) + "}";
        var fits = "{\"suite\":\"s\",\"case\":\"b\",\"pass\":true,\"output\":" + new string('[', InputLimits.MaxJsonDepth - 1) + new string(']', InputLimits.MaxJsonDepth - 1) + "}";

        var reader = Read(Lines(deep, fits));

        var error = Assert.Single(reader.Errors);
        Assert.Equal(ErrorCodes.JsonTooDeep, error.Code);
        Assert.Equal(new SourceLocation("r.jsonl", 1, 46 + InputLimits.MaxJsonDepth - 1), error.Location);
        Assert.Equal(["b"], reader.Candidate.Suites["s"].Cases.Keys);
    }

    [Fact]
    public void A_line_of_50000_brackets_is_refused_without_crashing()
    {
        var error = Assert.Single(Read(Lines(new string('[', 50_000) + new string(']', 50_000))).Errors);

        Assert.Equal(ErrorCodes.ResultInvalidJson, error.Code);
    }
}
