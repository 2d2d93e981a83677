namespace ReleaseGate.Storage;

/// <summary>An approval or rejection to record. It binds to the release and evidence digests it was given on.</summary>
/// <param name="ReleaseId">The release.</param>
/// <param name="Stage">The approval stage (e.g. <c>security</c>).</param>
/// <param name="Actor">Who approved; one valid approval per person per stage (a second is a <see cref="DuplicateRecordException"/>).</param>
/// <param name="ReleaseDigest">The release digest the approver saw.</param>
/// <param name="EvidenceDigest">The evidence digest the approver saw.</param>
/// <param name="Verdict">Approve or reject.</param>
/// <param name="Comment">The approver's comment, or null.</param>
public sealed record NewApproval(
    long ReleaseId,
    string Stage,
    string Actor,
    string ReleaseDigest,
    string EvidenceDigest,
    ApprovalVerdict Verdict,
    string? Comment);
