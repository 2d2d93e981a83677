namespace ReleaseGate.Storage;

/// <summary>The outcome of comparing the state tables with what the ledger's entries imply (<see cref="IGateStore.VerifyStateAsync"/>).</summary>
/// <param name="EntriesRead">How many state-bearing ledger entries were read (<see cref="LedgerEvents.StateBearing"/>).</param>
/// <param name="RowsChecked">How many rows of releases, decisions, approvals, waivers, review verdicts and bank cases were compared.</param>
/// <param name="BreakCount">How many differences were found.</param>
/// <param name="Breaks">The first of them (at most <see cref="MaxBreaks"/>), table by table in id order.</param>
public sealed record StateVerification(long EntriesRead, long RowsChecked, long BreakCount, IReadOnlyList<StateBreak> Breaks)
{
    /// <summary>How many breaks are kept to be named.</summary>
    public const int MaxBreaks = 100;

    /// <summary>True when every row is what the ledger implies.</summary>
    public bool IsConsistent => BreakCount == 0;
}
