using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Checks ledger rows, in sequence order, from their stored UTF-8 bytes. Readers only copy rows into batches; every check — the
/// sequence follows the previous one, the previous hash is the previous row's hash, the row hashes to its stored hash over its
/// canonical encoding (<see cref="LedgerHash"/>) — runs on the thread pool, batch by batch, each batch knowing the last sequence
/// number and hash of the batch before it. The ledger may be read as several consecutive <see cref="Segment"/>s on several
/// threads; where two segments meet, the chain is checked when both are done. The first break overall is the one with the lowest
/// sequence number. No allocation per row: the ≥ 500,000 entries/s target (docs/benchmarks.md). The payload is hashed exactly as
/// stored, so any changed byte shows.
/// </summary>
/// <remarks>
/// The per-row methods are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: compiled once, fully optimised for the
/// machine, at their first call. Otherwise a ReadyToRun publish runs its precompiled code for them, compiled for a baseline
/// processor — and a reader's loop, entered once, is never recompiled (docs/benchmarks.md, audit-verify).
/// </remarks>
/// <threadsafety>Each segment has one reader; segments and batches run concurrently.</threadsafety>
internal sealed class LedgerChain
{
    private const string HashPrefix = "sha256:";
    private const int HashLength = 71;
    private const int BatchRows = 4096;

    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"u8);

    private static readonly byte[] Genesis = Encoding.ASCII.GetBytes(LedgerHash.Genesis);

    private readonly Lock _lock = new();
    private readonly List<Task<Found?>> _pending = [];
    private readonly Stack<Batch> _spare = new();
    private readonly List<Segment> _segments = [];
    private readonly SemaphoreSlim _slots = new(Math.Max(2, Environment.ProcessorCount * 2));
    private long _firstBreak = long.MaxValue;
    private Found? _found;

    /// <summary>How many rows were read.</summary>
    public long Read => _segments.Sum(s => s.Read);

    /// <summary>The last row's sequence number (0 before any).</summary>
    public long LastSeq => _segments.LastOrDefault(s => s.Read > 0)?.LastSeq ?? 0;

    /// <summary>The last row's stored hash (the genesis value before any).</summary>
    public string LastHash => Encoding.UTF8.GetString(_segments.LastOrDefault(s => s.Read > 0)?.LastHash ?? Genesis);

    /// <summary>
    /// Starts the next segment: the rows that follow the previous segment's, read by one thread. The first segment follows the
    /// genesis hash; a later one is joined to the segment before it when <see cref="FinishAsync"/> runs.
    /// </summary>
    public Segment Start()
    {
        var segment = new Segment(this, first: _segments.Count == 0);
        _segments.Add(segment);
        return segment;
    }

    /// <summary>Waits for every queued batch and returns the earliest break, where segments meet included, or null.</summary>
    public async Task<LedgerBreak?> FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var segment in _segments)
        {
            segment.Complete();
        }

        Task<Found?>[] pending;
        lock (_lock)
        {
            pending = [.. _pending];
            _pending.Clear();
        }

        var breaks = await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);

        // On the same entry a join break comes first: read in one piece, the chain check precedes the hash check.
        foreach (var found in breaks.Prepend(Join()))
        {
            if (found is not null && (_found is null || found.Break.Seq < _found.Break.Seq))
            {
                _found = found;
            }
        }

        return _found?.Break;
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

    /// <summary>
    /// The verification result. With a break in the entries, the entries before it are the ones that verified, and the head
    /// reported is the last of them — not wherever the readers had got to when they stopped.
    /// </summary>
    public LedgerVerification Result(LedgerBreak? broken) => broken is null || broken.Kind == LedgerBreakKind.HeadMismatch || _found is null
        ? new(Read, LastSeq, LastHash, broken)
        : new(broken.Seq - 1, _found.VerifiedSeq, _found.VerifiedHash, broken);

    private static Found? Check(long lastSeq, ReadOnlySpan<byte> lastHash, long seq, ReadOnlySpan<byte> prev)
    {
        if (seq != lastSeq + 1)
        {
            return new Found(
                new LedgerBreak(lastSeq + 1, LedgerBreakKind.SequenceGap, $"entry {lastSeq + 1} is missing: entry {seq} follows entry {lastSeq}"),
                lastSeq, lastHash);
        }

        return prev.SequenceEqual(lastHash)
            ? null
            : new Found(
                new LedgerBreak(seq, LedgerBreakKind.ChainMismatch,
                    $"entry {seq} names {Encoding.UTF8.GetString(prev)} as the previous hash, but entry {lastSeq} has {Encoding.UTF8.GetString(lastHash)}"),
                lastSeq, lastHash);
    }

    /// <summary>The first break where one segment's first row meets the row before it.</summary>
    private Found? Join()
    {
        long lastSeq = 0;
        ReadOnlySpan<byte> lastHash = Genesis;
        foreach (var segment in _segments.Where(s => s.Read > 0))
        {
            if (!segment.First && Check(lastSeq, lastHash, segment.FirstSeq, segment.FirstPrev) is { } broken)
            {
                return broken;
            }

            lastSeq = segment.LastSeq;
            lastHash = segment.LastHash;
        }

        return null;
    }

    private void Dispatch(Batch batch)
    {
        // Bound memory: at most a few batches in flight. Waiting on the semaphore blocks the reader (it never runs a batch
        // itself), so the cores go to the batches.
        _slots.Wait();
        var task = Task.Run(() => Verify(batch));
        lock (_lock)
        {
            _pending.Add(task);
            if (_pending.Count >= 64)
            {
                // Keep the list short on long ledgers: completed batches without a break carry nothing more.
                _pending.RemoveAll(t => t.IsCompletedSuccessfully && t.Result is null);
            }
        }
    }

    /// <summary>Rows after <paramref name="seq"/> cannot change the answer: readers may stop there.</summary>
    private void StopAfter(long seq)
    {
        long seen;
        while (seq < (seen = Interlocked.Read(ref _firstBreak)) && Interlocked.CompareExchange(ref _firstBreak, seq, seen) != seen)
        {
        }
    }

    private Batch Rent()
    {
        lock (_lock)
        {
            return _spare.Count > 0 ? _spare.Pop() : new Batch();
        }
    }

    private Found? Verify(Batch batch)
    {
        try
        {
            var found = batch.Verify();
            if (found is not null)
            {
                StopAfter(found.Break.Seq);
            }

            return found;
        }
        catch
        {
            // The walk fails: nothing more needs reading.
            StopAfter(long.MinValue);
            throw;
        }
        finally
        {
            lock (_lock)
            {
                _spare.Push(batch);
            }

            _slots.Release();
        }
    }

    /// <summary>A break, with the last entry before it that verified.</summary>
    private sealed record Found(LedgerBreak Break, long VerifiedSeq, string VerifiedHash)
    {
        public Found(LedgerBreak broken, long verifiedSeq, ReadOnlySpan<byte> verifiedHash)
            : this(broken, verifiedSeq, Encoding.UTF8.GetString(verifiedHash))
        {
        }
    }

    /// <summary>Consecutive rows read by one thread, in sequence order.</summary>
    public sealed class Segment
    {
        private readonly LedgerChain _chain;
        private Batch _batch;

        internal Segment(LedgerChain chain, bool first)
        {
            _chain = chain;
            First = first;
            _batch = chain.Rent();
            _batch.Reset(0, Genesis, knowsPrev: first);
        }

        /// <summary>How many rows this segment read.</summary>
        public long Read { get; private set; }

        internal bool First { get; }

        internal long FirstSeq { get; private set; }

        internal byte[] FirstPrev { get; private set; } = [];

        internal long LastSeq { get; private set; }

        internal byte[] LastHash { get; private set; } = [];

        /// <summary>
        /// Queues the next row. Returns false once a break was found before this row: rows after it cannot change the answer,
        /// so the reader may stop.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Add(
            long seq, ReadOnlySpan<byte> time, ReadOnlySpan<byte> actor, ReadOnlySpan<byte> type, ReadOnlySpan<byte> subject,
            ReadOnlySpan<byte> payload, ReadOnlySpan<byte> prev, ReadOnlySpan<byte> hash)
        {
            if (Read == 0)
            {
                FirstSeq = seq;
                FirstPrev = prev.ToArray();
            }

            var b = _batch;
            b.Add(seq, time, actor, type, subject, payload, prev, hash);
            LastSeq = seq;
            Read++;
            if (b.Count == BatchRows)
            {
                Flush();
            }

            return seq < Interlocked.Read(ref _chain._firstBreak);
        }

        internal void Complete()
        {
            if (_batch.Count > 0)
            {
                Flush();
            }
        }

        private void Flush()
        {
            var batch = _batch;
            LastHash = batch.LastHashBytes.ToArray();
            _batch = _chain.Rent();
            _batch.Reset(batch.LastSeq, LastHash, knowsPrev: true);
            _chain.Dispatch(batch);
        }
    }

    /// <summary>
    /// Up to <see cref="BatchRows"/> rows, their columns' bytes as stored, verified together on one thread: the reader only copies,
    /// the canonical encodings are built by the thread that hashes them.
    /// </summary>
    private sealed class Batch
    {
        // Columns of a row, in the order Add takes them, and their offsets' stride.
        private const int Time = 0, Actor = 1, Type = 2, Subject = 3, Payload = 4, Prev = 5, Hash = 6, Stride = 8;

        private readonly long[] _seqs = new long[BatchRows];
        private readonly int[] _offsets = new int[BatchRows * Stride];
        private byte[] _data = new byte[BatchRows * 400];
        private byte[] _encoding = new byte[1024];
        private int _length;

        public int Count { get; private set; }

        /// <summary>The sequence number of the row before this batch.</summary>
        public long PrevSeq { get; private set; }

        /// <summary>The stored hash of the row before this batch (at most <see cref="HashLength"/> bytes of it).</summary>
        public byte[] PrevHash { get; } = new byte[HashLength];

        public int PrevHashLength { get; private set; }

        public long LastSeq => _seqs[Count - 1];

        /// <summary>The last row's stored hash (at most <see cref="HashLength"/> bytes of it).</summary>
        public ReadOnlySpan<byte> LastHashBytes
        {
            get
            {
                var hash = Column(Count - 1, Hash);
                return hash[..Math.Min(hash.Length, HashLength)];
            }
        }

        /// <summary>
        /// Whether <see cref="PrevSeq"/> and <see cref="PrevHash"/> are known: false for the first batch of a segment other than
        /// the first, whose first row is joined to the segment before at the end.
        /// </summary>
        public bool KnowsPrev { get; private set; }

        public void Reset(long prevSeq, ReadOnlySpan<byte> prevHash, bool knowsPrev)
        {
            KnowsPrev = knowsPrev;
            Count = 0;
            _length = 0;
            PrevSeq = prevSeq;
            PrevHashLength = Math.Min(prevHash.Length, HashLength);
            prevHash[..PrevHashLength].CopyTo(PrevHash);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(
            long seq, ReadOnlySpan<byte> time, ReadOnlySpan<byte> actor, ReadOnlySpan<byte> type, ReadOnlySpan<byte> subject,
            ReadOnlySpan<byte> payload, ReadOnlySpan<byte> prev, ReadOnlySpan<byte> hash)
        {
            var size = time.Length + actor.Length + type.Length + subject.Length + payload.Length + prev.Length + hash.Length;
            if (_length + size > _data.Length)
            {
                Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + size));
            }

            _seqs[Count] = seq;
            var offsets = _offsets.AsSpan(Count * Stride, Stride);
            var data = _data.AsSpan();
            offsets[Time] = _length;
            time.CopyTo(data[_length..]);
            offsets[Actor] = _length += time.Length;
            actor.CopyTo(data[_length..]);
            offsets[Type] = _length += actor.Length;
            type.CopyTo(data[_length..]);
            offsets[Subject] = _length += type.Length;
            subject.CopyTo(data[_length..]);
            offsets[Payload] = _length += subject.Length;
            payload.CopyTo(data[_length..]);
            offsets[Prev] = _length += payload.Length;
            prev.CopyTo(data[_length..]);
            offsets[Hash] = _length += prev.Length;
            hash.CopyTo(data[_length..]);
            offsets[Stride - 1] = _length += hash.Length;
            Count++;
        }

        /// <summary>Checks every row in order and returns the first break.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Found? Verify()
        {
            using var sha = new LedgerSha256();
            Span<byte> digest = stackalloc byte[32];
            Span<byte> hex = stackalloc byte[64];
            var lastSeq = PrevSeq;
            ReadOnlySpan<byte> lastHash = PrevHash.AsSpan(0, PrevHashLength);
            if (!KnowsPrev && Count > 0)
            {
                // A later segment's first row is joined to the row before it at the end. Should its own hash be wrong, the
                // entry that verified last is that row before it, which the join finds to be the one this row names
                // (otherwise the join's break, on this same entry, is the one reported).
                lastSeq = _seqs[0] - 1;
                lastHash = Column(0, Prev);
            }

            for (var i = 0; i < Count; i++)
            {
                var seq = _seqs[i];
                if ((i > 0 || KnowsPrev) && Check(lastSeq, lastHash, seq, Column(i, Prev)) is { } broken)
                {
                    return broken;
                }

                var hash = Column(i, Hash);
                if (hash.Length != HashLength || !hash.StartsWith("sha256:"u8))
                {
                    return new Found(new LedgerBreak(seq, LedgerBreakKind.HashMismatch, $"entry {seq} has a malformed hash '{Encoding.UTF8.GetString(hash)}'"),
                        lastSeq, lastHash);
                }

                sha.Hash(Encode(i, seq), digest);
                Convert.TryToHexStringLower(digest, hex, out _);
                if (!hex.SequenceEqual(hash[HashPrefix.Length..]))
                {
                    return new Found(
                        new LedgerBreak(seq, LedgerBreakKind.HashMismatch, $"entry {seq} does not hash to its stored hash {Encoding.UTF8.GetString(hash)}: its content was changed"),
                        lastSeq, lastHash);
                }

                lastSeq = seq;
                lastHash = hash;
            }

            return null;
        }

        private ReadOnlySpan<byte> Column(int row, int column)
        {
            var at = (row * Stride) + column;
            return _data.AsSpan(_offsets[at], _offsets[at + 1] - _offsets[at]);
        }

        /// <summary>The row's canonical encoding, as <see cref="LedgerHash.CanonicalEncoding"/> builds it, in a reused buffer.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private ReadOnlySpan<byte> Encode(int row, long seq)
        {
            var length = 0;
            Append(ref length, "{\"actor\":"u8);
            AppendString(ref length, Column(row, Actor));
            Append(ref length, ",\"payload\":"u8);
            Append(ref length, Column(row, Payload));
            Append(ref length, ",\"prev\":"u8);
            AppendString(ref length, Column(row, Prev));
            Append(ref length, ",\"seq\":"u8);
            Ensure(length, 20);
            seq.TryFormat(_encoding.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
            length += written;
            Append(ref length, ",\"subject\":"u8);
            AppendString(ref length, Column(row, Subject));
            Append(ref length, ",\"time\":"u8);
            AppendString(ref length, Column(row, Time));
            Append(ref length, ",\"type\":"u8);
            AppendString(ref length, Column(row, Type));
            Append(ref length, "}"u8);
            return _encoding.AsSpan(0, length);
        }

        private void Append(ref int length, ReadOnlySpan<byte> bytes)
        {
            Ensure(length, bytes.Length);
            bytes.CopyTo(_encoding.AsSpan(length));
            length += bytes.Length;
        }

        private void AppendString(ref int length, ReadOnlySpan<byte> utf8)
        {
            if (utf8.IndexOfAny(NeedsEscape) >= 0)
            {
                // Rare: a value with quotes, backslashes or control characters; the same escaping as LedgerHash.
                Append(ref length, Encoding.UTF8.GetBytes(LedgerHash.EncodeString(Encoding.UTF8.GetString(utf8))));
                return;
            }

            Ensure(length, utf8.Length + 2);
            _encoding[length++] = (byte)'"';
            utf8.CopyTo(_encoding.AsSpan(length));
            length += utf8.Length;
            _encoding[length++] = (byte)'"';
        }

        private void Ensure(int length, int extra)
        {
            if (length + extra > _encoding.Length)
            {
                Array.Resize(ref _encoding, Math.Max(_encoding.Length * 2, length + extra));
            }
        }
    }
}
