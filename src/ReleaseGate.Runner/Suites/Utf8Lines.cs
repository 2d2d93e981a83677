using System.Text;

namespace ReleaseGate.Runner.Suites;

/// <summary>
/// Reads a UTF-8 stream a block of lines at a time, as bytes, so that case lines go to the JSON reader without being
/// decoded to strings and encoded back. Lines end as <see cref="StreamReader.ReadLine"/> ends them (at <c>\n</c>,
/// <c>\r</c> or <c>\r\n</c>), and a byte order mark at the start is skipped.
/// </summary>
/// <remarks>
/// Each block's lines live in an array of their own, so a caller may keep them after reading the next block. The bytes
/// are not validated: a caller decodes a line with <see cref="System.Text.Encoding.UTF8"/> (as a <see cref="StreamReader"/>
/// would) wherever that matters.
/// </remarks>
internal sealed class Utf8Lines
{
    // Under the large object heap's threshold, so that blocks die young with the rest of a pass's garbage.
    private const int BlockBytes = 80 * 1024;

    private readonly Stream _stream;
    private byte[] _carry = new byte[3];
    private int _carryLength;
    private bool _ended;
    private int _lineNumber;

    private Utf8Lines(Stream stream) => _stream = stream;

    /// <summary>
    /// Opens a seekable <paramref name="stream"/> for reading by lines. A stream that starts with the byte order mark of
    /// UTF-16 or UTF-32 is read through a transcoding stream, as a <see cref="StreamReader"/> would decode it.
    /// </summary>
    public static Utf8Lines Open(Stream stream)
    {
        Span<byte> start = stackalloc byte[4];
        var length = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        start = start[..length];
        var encoding = start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) ? Encoding.UTF32
            : start.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]) ? new UTF32Encoding(bigEndian: true, byteOrderMark: true)
            : start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? Encoding.Unicode
            : start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? Encoding.BigEndianUnicode
            : null;
        stream.Position = 0;
        var lines = new Utf8Lines(encoding is null ? stream : Encoding.CreateTranscodingStream(stream, encoding, Encoding.UTF8, leaveOpen: true));
        lines.Fill(ref lines._carry, ref lines._carryLength, 3);
        if (lines._carry.AsSpan(0, lines._carryLength).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            lines._carry = lines._carry.AsSpan(3, lines._carryLength - 3).ToArray();
            lines._carryLength -= 3;
        }

        return lines;
    }

    /// <summary>
    /// Reads the next block of lines (up to <paramref name="max"/>, and about 80 KiB unless a line is longer) into
    /// <paramref name="lines"/>, cleared first, each with its 1-based number; false once the stream has no more lines.
    /// </summary>
    public bool Read(List<(ReadOnlyMemory<byte> Text, int Number)> lines, int max)
    {
        lines.Clear();
        var buffer = new byte[Math.Max(BlockBytes, _carryLength)];
        var length = _carryLength;
        _carry.AsSpan(0, length).CopyTo(buffer);
        var position = 0;
        while (lines.Count < max)
        {
            var rest = buffer.AsSpan(position, length - position);
            var end = rest.IndexOfAny((byte)'\n', (byte)'\r');

            // A line ends at \n, or at \r unless \n follows it: a \r at the end of the bytes read so far waits for more.
            if (end >= 0 && !(rest[end] == '\r' && end == rest.Length - 1 && !_ended))
            {
                lines.Add((buffer.AsMemory(position, end), ++_lineNumber));
                position += end + (rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1);
                continue;
            }

            if (_ended)
            {
                if (rest.Length > 0)
                {
                    lines.Add((buffer.AsMemory(position, rest.Length), ++_lineNumber));
                    position = length;
                }

                break;
            }

            if (lines.Count > 0)
            {
                // The rest starts the next block.
                break;
            }

            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            Fill(ref buffer, ref length, buffer.Length);
        }

        // The block's lines keep its array: what is left of it is copied out for the next block.
        _carryLength = length - position;
        _carry = _carryLength > 0 ? buffer.AsSpan(position, _carryLength).ToArray() : [];
        return lines.Count > 0;
    }

    // Reads until buffer holds at least `want` bytes or the stream ends.
    private void Fill(ref byte[] buffer, ref int length, int want)
    {
        while (length < want && length < buffer.Length && !_ended)
        {
            var read = _stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                _ended = true;
            }

            length += read;
        }
    }
}
