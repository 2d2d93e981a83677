namespace ReleaseGate.Storage;

/// <summary>A recorded decision.</summary>
/// <param name="Id">The store's id of the decision; later decisions have larger ids.</param>
/// <param name="ReleaseId">The release decided on.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="GateDigest">The gate version applied.</param>
/// <param name="ReleaseDigest">The release digest.</param>
/// <param name="EvidenceDigest">The digest of the evidence it was given.</param>
/// <param name="BaselineDigest">The baseline release's digest, or null.</param>
/// <param name="DecisionJson">The decision document as JSON text.</param>
/// <param name="Actor">Who or what caused it.</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record DecisionRecord(
    long Id,
    long ReleaseId,
    string Verdict,
    string GateDigest,
    string ReleaseDigest,
    string EvidenceDigest,
    string? BaselineDigest,
    string DecisionJson,
    string Actor,
    DateTimeOffset CreatedAt);
