using System.Security.Cryptography;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Formats;

/// <summary>
/// Splits a stream of JSONL into lines of UTF-8 bytes (at <c>\n</c>, dropping a <c>\r</c> before it), with memory
/// bounded by <see cref="InputLimits.MaxJsonLineBytes"/> whatever the input: a longer line is reported (RG1105) with its
/// number and skipped to the next newline without being held. Lines are not decoded or validated here.
/// </summary>
/// <threadsafety>One instance reads one stream on one thread.</threadsafety>
public sealed class JsonLines
{
    private readonly Stream _stream;
    private readonly string _file;
    private readonly int _maxLineBytes;
    private readonly IncrementalHash? _hash;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>Reads lines of <paramref name="stream"/>; errors name <paramref name="file"/>.</summary>
    /// <param name="stream">The JSONL content.</param>
    /// <param name="file">The file name used in error locations.</param>
    public JsonLines(Stream stream, string file)
        : this(stream, file, InputLimits.MaxJsonLineBytes)
    {
    }

    /// <summary>Reads lines of <paramref name="stream"/> up to <paramref name="maxLineBytes"/> long, reading <paramref name="bufferBytes"/> at a time and giving every byte read to <paramref name="hash"/> when there is one.</summary>
    internal JsonLines(Stream stream, string file, int maxLineBytes, int bufferBytes = 64 * 1024, IncrementalHash? hash = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _file = file;
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[bufferBytes];
        _hash = hash;
    }

    /// <summary>The number of the line last returned, from 1.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// Moves to the next line: its bytes (valid until the next call), or an error when it is over the limit; false at the end.
    /// </summary>
    /// <param name="line">The line without its line end; empty when <paramref name="error"/> is set.</param>
    /// <param name="error">The line's RG1105 error, or null.</param>
    public bool Next(out ReadOnlyMemory<byte> line, out GateError? error)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0 || (_ended && pending.Length > 0))
            {
                var length = newline >= 0 ? newline : pending.Length;
                LineNumber++;
                line = _buffer.AsMemory(_start, length > 0 && pending[length - 1] == (byte)'\r' ? length - 1 : length);
                _start += newline >= 0 ? newline + 1 : length;
                error = line.Length > _maxLineBytes ? TooLong() : null;
                line = error is null ? line : default;
                return true;
            }

            if (_ended)
            {
                line = default;
                error = null;
                return false;
            }

            if (pending.Length > _maxLineBytes + 1)
            {
                LineNumber++;
                SkipLine();
                line = default;
                error = TooLong();
                return true;
            }

            Fill();
        }
    }

    private GateError TooLong() =>
        new(ErrorCodes.LineTooLong, Messages.LineTooLong(_maxLineBytes), new SourceLocation(_file, (int)Math.Min(LineNumber, int.MaxValue), 0));

    /// <summary>Drops what is buffered and reads on to just past the next newline.</summary>
    private void SkipLine()
    {
        _start = _end = 0;
        while (!_ended)
        {
            Fill();
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                return;
            }

            _start = _end = 0;
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A line never needs more than the limit and its line end: a longer one is skipped, so memory stays bounded.
            Array.Resize(ref _buffer, Math.Max(_buffer.Length, Math.Min(_buffer.Length * 2, _maxLineBytes + 2)));
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _hash?.AppendData(_buffer, _end, read);
        _ended = read == 0;
        _end += read;
    }
}
