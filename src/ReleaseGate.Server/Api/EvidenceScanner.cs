using System.Text;
using System.Text.Unicode;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Checks an evidence upload as it streams past, without keeping it: every line is at most
/// <see cref="Options.ServerOptions.MaxEvidenceLineBytes"/> long and strict UTF-8. It holds at most three bytes of an
/// unfinished character and a small scratch buffer, whatever the size of the upload or of one line.
/// </summary>
internal sealed class EvidenceScanner(long maxLineBytes)
{
    private readonly byte[] _carry = new byte[4];
    private readonly char[] _scratch = new char[4096];
    private int _carryLength;
    private long _lineLength;

    /// <summary>The 1-based number of the line being read.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>The line that passed the length limit, if one did.</summary>
    public long? TooLongLine { get; private set; }

    /// <summary>The line that holds bytes that are not UTF-8, if one does.</summary>
    public long? InvalidLine { get; private set; }

    /// <summary>Whether a problem was found; the rest of the upload need not be looked at.</summary>
    public bool Failed => TooLongLine is not null || InvalidLine is not null;

    /// <summary>Checks the next bytes of the upload; false once a problem is found.</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (Failed)
        {
            return false;
        }

        while (true)
        {
            var newline = data.IndexOf((byte)'\n');
            var segment = newline < 0 ? data : data[..newline];
            _lineLength += segment.Length;
            if (_lineLength > maxLineBytes)
            {
                TooLongLine = Line;
                return false;
            }

            // A newline is never inside a multi-byte character, so a line ends every character begun on it.
            if (!Valid(segment, final: newline >= 0))
            {
                InvalidLine = Line;
                return false;
            }

            if (newline < 0)
            {
                return true;
            }

            Line++;
            _lineLength = 0;
            data = data[(newline + 1)..];
        }
    }

    /// <summary>Ends the upload: a character left unfinished at the end is invalid.</summary>
    public bool Finish()
    {
        if (!Failed && _carryLength > 0)
        {
            InvalidLine = Line;
        }

        return !Failed;
    }

    private bool Valid(ReadOnlySpan<byte> segment, bool final)
    {
        while (_carryLength > 0)
        {
            if (segment.IsEmpty)
            {
                return !final;
            }

            _carry[_carryLength++] = segment[0];
            segment = segment[1..];
            var status = Rune.DecodeFromUtf8(_carry.AsSpan(0, _carryLength), out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done && consumed == _carryLength)
            {
                _carryLength = 0;
            }
            else if (status != System.Buffers.OperationStatus.NeedMoreData || _carryLength == _carry.Length)
            {
                return false;
            }
        }

        while (true)
        {
            var status = Utf8.ToUtf16(segment, _scratch, out var read, out _, replaceInvalidSequences: false, isFinalBlock: final);
            segment = segment[read..];
            switch (status)
            {
                case System.Buffers.OperationStatus.Done:
                    return true;
                case System.Buffers.OperationStatus.DestinationTooSmall:
                    continue;
                case System.Buffers.OperationStatus.NeedMoreData:
                    segment.CopyTo(_carry);
                    _carryLength = segment.Length;
                    return true;
                default:
                    return false;
            }
        }
    }
}
