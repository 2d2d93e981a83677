namespace ReleaseGate.Storage;

/// <summary>A stored row that is not what the ledger implies, or a ledger entry whose row is missing or different.</summary>
/// <param name="Table">The table (<c>releases</c>, <c>decisions</c>, <c>approvals</c>, <c>waivers</c>, <c>review_verdicts</c>, <c>bank_cases</c>), or <c>ledger</c> for an entry that names nothing stored.</param>
/// <param name="Id">The row's id (for <c>ledger</c>: the entry's sequence number).</param>
/// <param name="Detail">A sentence for people: what the ledger implies and what the table holds.</param>
public sealed record StateBreak(string Table, long Id, string Detail);
