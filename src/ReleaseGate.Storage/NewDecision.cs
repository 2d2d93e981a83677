namespace ReleaseGate.Storage;

/// <summary>A decision to record: one change of a release's verdict and the digests of what it was derived from.</summary>
/// <param name="ReleaseId">The release decided on.</param>
/// <param name="Verdict">The verdict (<c>blocked</c>, <c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>shipped</c>, <c>rolled-back</c>).</param>
/// <param name="GateDigest">The gate version applied.</param>
/// <param name="ReleaseDigest">The release digest.</param>
/// <param name="EvidenceDigest">The digest of the evidence it was given.</param>
/// <param name="BaselineDigest">The baseline release's digest, or null without a baseline.</param>
/// <param name="DecisionJson">The decision document (DESIGN §4), as JSON text.</param>
/// <param name="Actor">Who or what caused it (a user, <c>system</c>).</param>
public sealed record NewDecision(
    long ReleaseId,
    string Verdict,
    string GateDigest,
    string ReleaseDigest,
    string EvidenceDigest,
    string? BaselineDigest,
    string DecisionJson,
    string Actor);
