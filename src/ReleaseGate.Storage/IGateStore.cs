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
}
