namespace ReleaseGate.Core.Tests.Limits;

/// <summary>
/// A read-only stream of <paramref name="prefix"/>, then <paramref name="fill"/> repeated up to
/// <paramref name="fillBytes"/>, then <paramref name="suffix"/>: huge inputs without allocating them.
/// </summary>
internal sealed class RepeatingStream(byte[] prefix, byte fill, long fillBytes, byte[] suffix) : Stream
{
    private long _position;

    public long TotalLength => prefix.Length + fillBytes + suffix.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => TotalLength;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < TotalLength)
        {
            var target = buffer[written..];
            int n;
            if (_position < prefix.Length)
            {
                n = Math.Min(target.Length, prefix.Length - (int)_position);
                prefix.AsSpan((int)_position, n).CopyTo(target);
            }
            else if (_position < prefix.Length + fillBytes)
            {
                n = (int)Math.Min(target.Length, prefix.Length + fillBytes - _position);
                target[..n].Fill(fill);
            }
            else
            {
                var at = (int)(_position - prefix.Length - fillBytes);
                n = Math.Min(target.Length, suffix.Length - at);
                suffix.AsSpan(at, n).CopyTo(target);
            }

            written += n;
            _position += n;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
