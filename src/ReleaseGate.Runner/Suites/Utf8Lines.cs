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
    private bool _dropLineFeed;
    private int _lineNumber;

    private Utf8Lines(Stream stream) => _stream = stream;

    /// <summary>
    /// Opens a seekable <paramref name="stream"/> for reading by lines. A stream that starts with the byte order mark of
    /// UTF-16 or UTF-32 is read through a transcoding stream, as a <see cref="StreamReader"/> would decode it.
    /// </summary>
    public static Utf8Lines Open(Stream stream, int maxLineBytes = Core.Diagnostics.InputLimits.MaxJsonLineBytes)
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
        var lines = new Utf8Lines(encoding is null ? stream : Encoding.CreateTranscodingStream(stream, encoding, Encoding.UTF8, leaveOpen: true)) { MaxLineBytes = maxLineBytes };
        lines.Fill(ref lines._carry, ref lines._carryLength, 3);
        if (lines._carry.AsSpan(0, lines._carryLength).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            lines._carry = lines._carry.AsSpan(3, lines._carryLength - 3).ToArray();
            lines._carryLength -= 3;
        }

        return lines;
    }

    /// <summary>The longest line kept; a longer one is skipped without being held and its number joins <see cref="TooLong"/>. Tests lower it.</summary>
    public int MaxLineBytes { get; private init; } = Core.Diagnostics.InputLimits.MaxJsonLineBytes;

    /// <summary>The numbers of the lines skipped for being longer than <see cref="MaxLineBytes"/>; the caller reports and clears them.</summary>
    public List<int> TooLong { get; } = [];

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
            if (_dropLineFeed && position < length)
            {
                // The \r that ended a skipped line was the last byte read: a \n right after it belongs to it.
                position += buffer[position] == '\n' ? 1 : 0;
                _dropLineFeed = false;
            }

            var rest = buffer.AsSpan(position, length - position);
            var end = rest.IndexOfAny((byte)'\n', (byte)'\r');

            // A line ends at \n, or at \r unless \n follows it: a \r at the end of the bytes read so far waits for more.
            if (end >= 0 && !(rest[end] == '\r' && end == rest.Length - 1 && !_ended))
            {
                Add(lines, buffer.AsMemory(position, end));
                position += end + (rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1);
                continue;
            }

            if (_ended)
            {
                if (rest.Length > 0)
                {
                    Add(lines, buffer.AsMemory(position, rest.Length));
                    position = length;
                }

                break;
            }

            if (lines.Count > 0)
            {
                // The rest starts the next block.
                break;
            }

            if (rest.Length > MaxLineBytes + 1)
            {
                // No line end within the limit: the line is dropped as it streams past, so memory stays bounded.
                TooLong.Add(++_lineNumber);
                position = 0;
                length = 0;
                SkipLine(buffer, ref position, ref length);
                continue;
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

    // A line read whole can still be longer than the limit when the buffer has room for it.
    private void Add(List<(ReadOnlyMemory<byte> Text, int Number)> lines, ReadOnlyMemory<byte> line)
    {
        if (line.Length > MaxLineBytes)
        {
            TooLong.Add(++_lineNumber);
        }
        else
        {
            lines.Add((line, ++_lineNumber));
        }
    }

    // Reads on past the next line end; leaves in the buffer what follows it.
    private void SkipLine(byte[] buffer, ref int position, ref int length)
    {
        while (!_ended)
        {
            length = 0;
            Fill(ref buffer, ref length, buffer.Length);
            var end = buffer.AsSpan(0, length).IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                continue;
            }

            position = end + 1;
            if (buffer[end] == '\r')
            {
                if (position < length)
                {
                    position += buffer[position] == '\n' ? 1 : 0;
                }
                else
                {
                    _dropLineFeed = true;
                }
            }

            return;
        }

        position = length = 0;
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
