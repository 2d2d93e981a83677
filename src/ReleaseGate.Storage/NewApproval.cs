namespace ReleaseGate.Storage;

/// <summary>An approval or rejection to record. It binds to the release and evidence digests it was given on, and to the stage definition.</summary>
/// <param name="ReleaseId">The release.</param>
/// <param name="Stage">The approval stage (e.g. <c>security</c>).</param>
/// <param name="Actor">Who approved; one valid approval per person per stage (a second is a <see cref="DuplicateRecordException"/>).</param>
/// <param name="ReleaseDigest">The release digest the approver saw.</param>
/// <param name="EvidenceDigest">The evidence digest the approver saw.</param>
/// <param name="GateDigest">The gate version the stage was read from when the vote was given (kept for the record).</param>
/// <param name="StageDigest">The digest of the stage's definition when the vote was given: the vote counts only while the stage is defined the same.</param>
/// <param name="Verdict">Approve or reject.</param>
/// <param name="Comment">The approver's comment, or null.</param>
public sealed record NewApproval(
    long ReleaseId,
    string Stage,
    string Actor,
    string ReleaseDigest,
    string EvidenceDigest,
    string GateDigest,
    string StageDigest,
    ApprovalVerdict Verdict,
    string? Comment);
