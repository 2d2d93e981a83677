namespace ReleaseGate.Server.Api;

/// <summary>
/// Checks an evidence upload as it streams past, without keeping it: every line is at most
/// <see cref="Options.ServerOptions.MaxEvidenceLineBytes"/> long. It holds one counter, whatever the size of the upload or
/// of one line. Everything else about a line (UTF-8, JSON, fields) is the results reader's to check, with its column.
/// </summary>
internal sealed class EvidenceScanner(long maxLineBytes)
{
    private long _lineLength;

    /// <summary>The 1-based number of the line being read.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>The line that passed the length limit, if one did.</summary>
    public long? TooLongLine { get; private set; }

    /// <summary>Checks the next bytes of the upload; false once a line is too long (the rest need not be looked at).</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (TooLongLine is not null)
        {
            return false;
        }

        while (true)
        {
            var newline = data.IndexOf((byte)'\n');
            _lineLength += newline < 0 ? data.Length : newline;
            if (_lineLength > maxLineBytes)
            {
                TooLongLine = Line;
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
}
