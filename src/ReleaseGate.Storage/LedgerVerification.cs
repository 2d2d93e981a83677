namespace ReleaseGate.Storage;

/// <summary>The outcome of walking the ledger's hash chain.</summary>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="HeadSeq">The last entry's sequence number (0 for an empty ledger).</param>
/// <param name="HeadHash">The last entry's hash.</param>
/// <param name="FirstBreak">The first broken entry, or null when the chain is intact.</param>
public sealed record LedgerVerification(long EntriesChecked, long HeadSeq, string HeadHash, LedgerBreak? FirstBreak)
{
    /// <summary>True when the chain is intact.</summary>
    public bool IsIntact => FirstBreak is null;
}
