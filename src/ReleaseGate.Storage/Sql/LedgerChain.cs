using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Checks ledger rows, in sequence order, from their stored UTF-8 bytes. The reader's thread checks what is sequential — the
/// sequence follows the previous one and the previous hash is the previous row's hash — and builds each row's canonical encoding
/// (<see cref="LedgerHash"/>) into a batch; batches are hashed and compared on the other cores. The first break overall is the
/// one with the lowest sequence number. No allocation per row: the ≥ 500,000 entries/s target (docs/benchmarks.md). The payload
/// is hashed exactly as stored, so any changed byte shows.
/// </summary>
/// <threadsafety>One reader calls <see cref="Next"/>; batches are verified concurrently.</threadsafety>
internal sealed class LedgerChain
{
    private const string HashPrefix = "sha256:";
    private const int HashLength = 71;
    private const int BatchRows = 4096;

    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"u8);

    private readonly byte[] _lastHash = new byte[HashLength];
    private readonly List<Task<LedgerBreak?>> _pending = [];
    private readonly int _maxPending = Math.Max(2, Environment.ProcessorCount * 2);
    private Batch _batch = new();

    public LedgerChain() => Encoding.ASCII.GetBytes(LedgerHash.Genesis, _lastHash);

    public long Read { get; private set; }

    public long LastSeq { get; private set; }

    public string LastHash => Encoding.ASCII.GetString(_lastHash);

    /// <summary>Checks the next row's place in the chain and queues its hash check; returns a break found in sequence or chain.</summary>
    public LedgerBreak? Next(
        long seq, ReadOnlySpan<byte> time, ReadOnlySpan<byte> actor, ReadOnlySpan<byte> type, ReadOnlySpan<byte> subject,
        ReadOnlySpan<byte> payload, ReadOnlySpan<byte> prev, ReadOnlySpan<byte> hash)
    {
        if (seq != LastSeq + 1)
        {
            return new LedgerBreak(LastSeq + 1, LedgerBreakKind.SequenceGap, $"entry {LastSeq + 1} is missing: entry {seq} follows entry {LastSeq}");
        }

        if (!prev.SequenceEqual(_lastHash))
        {
            return new LedgerBreak(seq, LedgerBreakKind.ChainMismatch,
                $"entry {seq} names {Encoding.UTF8.GetString(prev)} as the previous hash, but entry {LastSeq} has {LastHash}");
        }

        if (hash.Length != HashLength || !hash.StartsWith("sha256:"u8))
        {
            return new LedgerBreak(seq, LedgerBreakKind.HashMismatch, $"entry {seq} has a malformed hash '{Encoding.UTF8.GetString(hash)}'");
        }

        var b = _batch;
        b.Start(seq, hash);
        b.Append("{\"actor\":"u8);
        b.AppendString(actor);
        b.Append(",\"payload\":"u8);
        b.Append(payload);
        b.Append(",\"prev\":"u8);
        b.AppendString(prev);
        b.Append(",\"seq\":"u8);
        b.AppendLong(seq);
        b.Append(",\"subject\":"u8);
        b.AppendString(subject);
        b.Append(",\"time\":"u8);
        b.AppendString(time);
        b.Append(",\"type\":"u8);
        b.AppendString(type);
        b.Append("}"u8);
        b.End();

        hash.CopyTo(_lastHash);
        LastSeq = seq;
        Read++;
        if (b.Count == BatchRows)
        {
            Dispatch();
        }

        return null;
    }

    /// <summary>Waits for every queued hash check and returns the earliest break: a hash mismatch before <paramref name="chainBreak"/> wins.</summary>
    public async Task<LedgerBreak?> FinishAsync(LedgerBreak? chainBreak, CancellationToken cancellationToken)
    {
        Dispatch();
        var breaks = await Task.WhenAll(_pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        _pending.Clear();
        LedgerBreak? first = chainBreak;
        foreach (var b in breaks)
        {
            if (b is not null && (first is null || b.Seq < first.Seq))
            {
                first = b;
            }
        }

        return first;
    }

    /// <summary>Checks the head record against the last entry read.</summary>
    public LedgerBreak? Head(long? headSeq, string? headHash)
    {
        if (headSeq is not { } seq || headHash is null)
        {
            return new LedgerBreak(LastSeq, LedgerBreakKind.HeadMismatch, "the ledger head record is missing");
        }

        return seq == LastSeq && headHash == LastHash
            ? null
            : new LedgerBreak(Math.Min(seq, LastSeq + 1), LedgerBreakKind.HeadMismatch,
                $"the head names entry {seq} ({headHash}), but the last entry is {LastSeq} ({LastHash}): entries after {LastSeq} were removed or the head was rewritten");
    }

    /// <summary>The verification result: with a break, the entries before it are the ones that verified.</summary>
    public LedgerVerification Result(LedgerBreak? broken) => broken is null || broken.Kind == LedgerBreakKind.HeadMismatch
        ? new(Read, LastSeq, LastHash, broken)
        : new(broken.Seq - 1, LastSeq, LastHash, broken);

    private void Dispatch()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        var batch = _batch;
        _pending.Add(Task.Run(batch.Verify));
        _batch = new Batch();
        if (_pending.Count >= _maxPending)
        {
            // Bound memory: wait for the oldest batch before reading further.
            var oldest = _pending[0];
            if (oldest.GetAwaiter().GetResult() is { } broken)
            {
                _pending[0] = Task.FromResult<LedgerBreak?>(broken);
            }
            else
            {
                _pending.RemoveAt(0);
            }
        }
    }

    /// <summary>Up to <see cref="BatchRows"/> encodings with their stored hashes, verified together on one thread.</summary>
    private sealed class Batch
    {
        private readonly long[] _seqs = new long[BatchRows];
        private readonly int[] _ends = new int[BatchRows];
        private readonly byte[] _hashes = new byte[BatchRows * HashLength];
        private byte[] _data = new byte[BatchRows * 400];
        private int _length;

        public int Count { get; private set; }

        public void Start(long seq, ReadOnlySpan<byte> hash)
        {
            _seqs[Count] = seq;
            hash.CopyTo(_hashes.AsSpan(Count * HashLength));
        }

        public void End() => _ends[Count++] = _length;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_data.AsSpan(_length));
            _length += bytes.Length;
        }

        public void AppendLong(long value)
        {
            Ensure(20);
            value.TryFormat(_data.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
            _length += written;
        }

        public void AppendString(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IndexOfAny(NeedsEscape) < 0)
            {
                Ensure(utf8.Length + 2);
                _data[_length++] = (byte)'"';
                utf8.CopyTo(_data.AsSpan(_length));
                _length += utf8.Length;
                _data[_length++] = (byte)'"';
                return;
            }

            // Rare: a value with quotes, backslashes or control characters; the same escaping as LedgerHash.
            Append(Encoding.UTF8.GetBytes(LedgerHash.EncodeString(Encoding.UTF8.GetString(utf8))));
        }

        public LedgerBreak? Verify()
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> digest = stackalloc byte[32];
            Span<byte> hex = stackalloc byte[64];
            var start = 0;
            for (var i = 0; i < Count; i++)
            {
                sha.AppendData(_data, start, _ends[i] - start);
                sha.GetHashAndReset(digest);
                Convert.TryToHexStringLower(digest, hex, out _);
                var stored = _hashes.AsSpan((i * HashLength) + HashPrefix.Length, 64);
                if (!hex.SequenceEqual(stored))
                {
                    return new LedgerBreak(_seqs[i], LedgerBreakKind.HashMismatch,
                        $"entry {_seqs[i]} does not hash to its stored hash {HashPrefix}{Encoding.ASCII.GetString(stored)}: its content was changed");
                }

                start = _ends[i];
            }

            return null;
        }

        private void Ensure(int extra)
        {
            if (_length + extra > _data.Length)
            {
                Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + extra));
            }
        }
    }
}
