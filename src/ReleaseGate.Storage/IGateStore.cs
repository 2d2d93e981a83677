namespace ReleaseGate.Storage;

/// <summary>
/// ReleaseGate's store: workflows and gate versions, releases, evidence, attachments, decisions, approvals, waivers, identity and
/// the hash-chained ledger. Two implementations behave the same (one contract test suite): SQLite, the embedded default, and
/// PostgreSQL for teams. Open one with <see cref="GateStore.OpenAsync"/>.
/// </summary>
/// <remarks>Nothing here deletes evidence or ledger entries (DESIGN §7, retention).</remarks>
/// <threadsafety>Thread-safe: share one instance; each read and each transaction uses its own pooled connection.</threadsafety>
public interface IGateStore : IGateReader, IAsyncDisposable
{
    /// <summary>Which database this is.</summary>
    StoreKind Kind { get; }

    /// <summary>
    /// The clock every time the store writes comes from, and that its users decide by (expiries, decision times): on PostgreSQL the
    /// database's, which every instance sharing it agrees on (<see cref="StoreClock.Database"/>); otherwise the local one.
    /// </summary>
    TimeProvider Clock { get; }

    /// <summary>Starts a write transaction. On SQLite it takes the write lock at once (<c>BEGIN IMMEDIATE</c>, waiting up to the busy timeout).</summary>
    Task<IGateTransaction> BeginAsync(CancellationToken cancellationToken = default);

    /// <summary>Walks the whole ledger and checks every entry's hash, the chain and the head; returns the first break, if any.</summary>
    Task<LedgerVerification> VerifyLedgerAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks that the releases, decisions, approvals, waivers and review verdicts in their tables are exactly what the ledger's entries imply
    /// (<see cref="LedgerEvents"/>): a row inserted, changed or removed outside ReleaseGate is named. Reads in one snapshot; the
    /// state-bearing entries and each table are streamed, and only one small expected record per release, approval and waiver is held.
    /// </summary>
    Task<StateVerification> VerifyStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the named lease for <paramref name="holder"/> in a short transaction of its own: when nobody holds it, when it expired, or
    /// (a renewal) when <paramref name="holder"/> already holds it. <see cref="SchedulerLease.ExpiresAt"/> becomes now +
    /// <paramref name="duration"/> (store clock); <see cref="SchedulerLease.AcquiredAt"/> changes only when the holder changes. One
    /// statement decides, so of any number of instances sharing a PostgreSQL database exactly one holds an unexpired lease.
    /// </summary>
    /// <param name="name">The lease (one per background job).</param>
    /// <param name="holder">The instance asking.</param>
    /// <param name="duration">How long it holds the lease unless it renews it.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>The lease, now held by <paramref name="holder"/>; null when another holder's lease is unexpired.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    Task<SchedulerLease?> TryAcquireLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Lets go of a lease: expires it now, if <paramref name="holder"/> holds it unexpired. In a short transaction of its own.</summary>
    /// <param name="name">The lease.</param>
    /// <param name="holder">The instance letting go.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>Whether <paramref name="holder"/> held it.</returns>
    Task<bool> ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}
