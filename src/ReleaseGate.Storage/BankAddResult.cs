namespace ReleaseGate.Storage;

/// <summary>What <see cref="IGateTransaction.AddBankCaseAsync"/> did.</summary>
/// <param name="Case">The banked case: the new one, or the existing non-retired case with the same fingerprint.</param>
/// <param name="Added">True when <paramref name="Case"/> was stored now; false when the input duplicated it.</param>
/// <param name="Link">
/// For a duplicate, the link stored to record where it came from; null when a case was added, and null for a duplicate whose
/// provenance <c>source</c> and <c>reference</c> the case or one of its links already has (the same file imported again: nothing is written).
/// </param>
public sealed record BankAddResult(BankCaseRecord Case, bool Added, BankLinkRecord? Link);
