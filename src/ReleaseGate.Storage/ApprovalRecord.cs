namespace ReleaseGate.Storage;

/// <summary>A recorded approval or rejection.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="ReleaseId">The release.</param>
/// <param name="Stage">The approval stage.</param>
/// <param name="Actor">Who approved.</param>
/// <param name="ReleaseDigest">The release digest it binds to.</param>
/// <param name="EvidenceDigest">The evidence digest it binds to.</param>
/// <param name="GateDigest">The gate version the stage was read from (empty for approvals stored before it was recorded).</param>
/// <param name="StageDigest">The digest of the stage's definition it binds to (empty for approvals stored before it was recorded).</param>
/// <param name="Verdict">Approve or reject.</param>
/// <param name="Comment">The comment, or null.</param>
/// <param name="Invalidated">True once new evidence or a changed stage definition made it void; it no longer counts.</param>
/// <param name="CreatedAt">When it was given.</param>
public sealed record ApprovalRecord(
    long Id,
    long ReleaseId,
    string Stage,
    string Actor,
    string ReleaseDigest,
    string EvidenceDigest,
    string GateDigest,
    string StageDigest,
    ApprovalVerdict Verdict,
    string? Comment,
    bool Invalidated,
    DateTimeOffset CreatedAt);
