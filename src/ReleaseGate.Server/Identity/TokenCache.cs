using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Identity;

/// <summary>
/// Verified API tokens by hash, each valid only while no identity change has happened since it was verified. Every identity
/// change (a token created or revoked, a user or group added, a member added or removed) appends a ledger entry about
/// <see cref="IdentityAdmin.Subject"/> in its own transaction, so the sequence number of the latest such entry is a change
/// counter that every instance sharing the database sees. The cache reads it at most once a
/// <see cref="ServerOptions.IdentityCheckTime"/> (one indexed row) and drops every entry verified under an older value; a
/// revocation on any instance is therefore refused by every instance within that time, while a cached token costs no query.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
internal sealed class TokenCache(IGateStore store, IOptions<ServerOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Counter? _counter;

    /// <summary>
    /// The identity change counter, as read from the database by a query that started less than
    /// <see cref="ServerOptions.IdentityCheckTime"/> ago. Entries verified under an older value are dropped.
    /// </summary>
    public async ValueTask<long> CounterAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_counter) is { } known)
        {
            return known;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another request may have read it while this one waited.
            if (Fresh(_counter) is { } read)
            {
                return read;
            }

            var started = time.GetTimestamp();
            var latest = await store.GetLatestLedgerEntryAsync(IdentityAdmin.Subject, cancellationToken);
            var value = latest?.Seq ?? 0;
            if (_counter is { } previous && previous.Value != value)
            {
                _entries.Clear();
            }

            _counter = new Counter(value, started);
            return value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>The caller of a token verified under <paramref name="counter"/> and not past its deadline.</summary>
    public bool TryGet(string hash, long counter, out Caller caller)
    {
        if (_entries.TryGetValue(hash, out var entry) && entry.Counter == counter && entry.Until > time.GetUtcNow())
        {
            caller = entry.Caller;
            return true;
        }

        caller = null!;
        return false;
    }

    /// <summary>
    /// Keeps a verified caller until <paramref name="until"/>. <paramref name="counter"/> must have been read before the token
    /// was looked up, so that a change committed between the two makes the entry stale rather than trusted.
    /// </summary>
    public void Put(string hash, Caller caller, long counter, DateTimeOffset until)
    {
        if (_entries.Count > MaxEntries)
        {
            _entries.Clear();
        }

        _entries[hash] = new Entry(caller, counter, until);
    }

    /// <summary>
    /// Forgets every entry and the counter after an identity change made by this instance, so that it applies here on the next
    /// request rather than after the next scheduled check.
    /// </summary>
    public void Clear()
    {
        _counter = null;
        _entries.Clear();
    }

    private long? Fresh(Counter? counter) =>
        counter is not null && time.GetElapsedTime(counter.ReadAt) < options.Value.IdentityCheckTime ? counter.Value : null;

    private sealed record Counter(long Value, long ReadAt);

    private sealed record Entry(Caller Caller, long Counter, DateTimeOffset Until);
}
