namespace ReleaseGate.Storage;

/// <summary>A duplicate linked to a bank case instead of being banked twice: where it came from. Links are kept.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="BankCaseId">The bank case it duplicates (<see cref="BankCaseRecord.Id"/>).</param>
/// <param name="CaseId">The case id the duplicate came with.</param>
/// <param name="ProvenanceJson">The duplicate's provenance JSON, as given.</param>
/// <param name="Actor">Who tried to bank it.</param>
/// <param name="CreatedAt">When.</param>
public sealed record BankLinkRecord(long Id, long BankCaseId, string CaseId, string ProvenanceJson, string Actor, DateTimeOffset CreatedAt);
