namespace ReleaseGate.Storage;

/// <summary>Where and how the ledger's chain breaks.</summary>
/// <param name="Seq">The sequence number of the first entry that does not verify (for a missing entry: the number expected).</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Detail">A sentence for people, naming what was expected and what was found.</param>
public sealed record LedgerBreak(long Seq, LedgerBreakKind Kind, string Detail);
