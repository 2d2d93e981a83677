using System.Security.Cryptography;

namespace ReleaseGate.Core.Gates;

/// <summary>
/// Reads a stream through, hashing what passes as <see cref="GateDigest.OfText"/> hashes the decoded text (a leading
/// byte-order mark is not hashed), and keeping the bytes when asked: a case file is streamed once, however large.
/// </summary>
internal sealed class DigestingStream(Stream inner, bool keep) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[3];
    private int _headCount;
    private bool _headDone;

    /// <summary>The bytes read, when kept.</summary>
    public MemoryStream? Kept { get; } = keep ? new MemoryStream() : null;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The digest of the bytes read, once the stream has been read to its end.</summary>
    public string Digest()
    {
        EndHead();
        return "sha256:" + Convert.ToHexStringLower(_hash.GetCurrentHash());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Kept?.Write(buffer[..read]);
        ReadOnlySpan<byte> data = buffer[..read];
        if (!_headDone)
        {
            var take = Math.Min(_head.Length - _headCount, data.Length);
            data[..take].CopyTo(_head.AsSpan(_headCount));
            _headCount += take;
            data = data[take..];
            if (_headCount < _head.Length && read > 0)
            {
                return read;
            }

            EndHead();
        }

        _hash.AppendData(data);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            Kept?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void EndHead()
    {
        if (_headDone)
        {
            return;
        }

        _headDone = true;
        var head = _head.AsSpan(0, _headCount);
        if (!head.SequenceEqual("\uFEFF"u8))
        {
            _hash.AppendData(head);
        }
    }
}
