using System.Text;
using ReleaseGate.Runner.Suites;
using Xunit;

namespace ReleaseGate.Runner.Tests.Suites;

public sealed class Utf8LinesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("one")]
    [InlineData("one\n")]
    [InlineData("one\ntwo")]
    [InlineData("one\r\ntwo\r\n")]
    [InlineData("one\rtwo\r")]
    [InlineData("\n\n\r\r\n")]
    [InlineData("\r")]
    [InlineData("a\r\rb\n\rc")]
    [InlineData("\uFEFF{\"id\":\"x\"}\n")]
    [InlineData("h\u00e9 \u2028 \ud83d\ude00\n\u00a0\n")]
    public void Lines_are_those_a_stream_reader_reads(string text)
    {
        foreach (var encoding in new Encoding[] { new UTF8Encoding(false), Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.UTF32 })
        {
            var bytes = encoding is UTF8Encoding ? encoding.GetBytes(text) : [.. encoding.Preamble, .. encoding.GetBytes(text)];
            for (var chunk = 1; chunk <= 7; chunk += 3)
            {
                Assert.Equal(StreamReaderLines(bytes), Read(new Trickle(bytes, chunk), max: 2));
            }
        }
    }

    [Fact]
    public void Random_text_splits_as_a_stream_reader_splits_it_whatever_the_reads_and_blocks()
    {
        var random = new Random(20261127);
        string[] pieces = ["\n", "\r", "\r\n", "{\"id\":\"c\"}", "x", " ", "\u00e9", "\ud83d\ude00", "", "\t"];
        for (var round = 0; round < 300; round++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 60); i > 0; i--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            // A long line now and then: longer than a block's bytes.
            if (round % 50 == 7)
            {
                text.Append('y', 200_000).Append("\r\n").Append('z', 90_000);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            Assert.Equal(StreamReaderLines(bytes), Read(new Trickle(bytes, random.Next(1, 100_000)), max: random.Next(1, 5)));
        }
    }

    [Fact]
    public void Invalid_utf8_is_left_for_the_caller_to_decode_as_a_stream_reader_would()
    {
        byte[] bytes = [(byte)'a', 0xC3, (byte)'\n', 0xFF, (byte)'b', (byte)'\r', (byte)'\n'];

        Assert.Equal(StreamReaderLines(bytes), Read(new MemoryStream(bytes), max: 10));
    }

    [Fact]
    public void Lines_of_a_block_stay_readable_after_the_next_block_is_read()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 50_000).Select(i => $"line {i}")));
        var lines = Utf8Lines.Open(new MemoryStream(bytes));
        var kept = new List<(ReadOnlyMemory<byte> Text, int Number)>();
        var block = new List<(ReadOnlyMemory<byte> Text, int Number)>();
        while (lines.Read(block, 1000))
        {
            kept.AddRange(block);
        }

        Assert.Equal(50_000, kept.Count);
        Assert.All(kept, (line, i) => Assert.Equal(($"line {i}", i + 1), (Encoding.UTF8.GetString(line.Text.Span), line.Number)));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_line_over_the_limit_is_skipped_with_its_number_and_the_next_lines_keep_theirs(string end)
    {
        var text = string.Join(end, "short", new string('x', 300_000), "after", "", "last", new string('y', 101), "end");
        var lines = Utf8Lines.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes: 100);
        var read = new List<(int, string)>();
        var tooLong = new List<int>();
        var block = new List<(ReadOnlyMemory<byte> Text, int Number)>();
        while (lines.Read(block, 2) | lines.TooLong.Count > 0)
        {
            read.AddRange(block.Select(l => (l.Number, Encoding.UTF8.GetString(l.Text.Span))));
            tooLong.AddRange(lines.TooLong);
            lines.TooLong.Clear();
        }

        Assert.Equal([(1, "short"), (3, "after"), (4, ""), (5, "last"), (7, "end")], read);
        Assert.Equal([2, 6], tooLong);
    }

    private static List<string> StreamReaderLines(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static List<string> Read(Stream stream, int max)
    {
        var lines = Utf8Lines.Open(stream);
        var result = new List<string>();
        var block = new List<(ReadOnlyMemory<byte> Text, int Number)>();
        while (lines.Read(block, max))
        {
            Assert.InRange(block.Count, 1, max);
            foreach (var (text, number) in block)
            {
                Assert.Equal(result.Count + 1, number);
                result.Add(Encoding.UTF8.GetString(text.Span));
            }
        }

        Assert.False(lines.Read(block, max));
        return result;
    }

    // A seekable stream that hands out at most `chunk` bytes per read, so that lines and \r\n pairs straddle reads.
    private sealed class Trickle(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
