namespace ReleaseGate.Storage;

/// <summary>A recorded approval or rejection.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="ReleaseId">The release.</param>
/// <param name="Stage">The approval stage.</param>
/// <param name="Actor">Who approved.</param>
/// <param name="ReleaseDigest">The release digest it binds to.</param>
/// <param name="EvidenceDigest">The evidence digest it binds to.</param>
/// <param name="Verdict">Approve or reject.</param>
/// <param name="Comment">The comment, or null.</param>
/// <param name="Invalidated">True once new evidence made it void; it no longer counts.</param>
/// <param name="CreatedAt">When it was given.</param>
public sealed record ApprovalRecord(
    long Id,
    long ReleaseId,
    string Stage,
    string Actor,
    string ReleaseDigest,
    string EvidenceDigest,
    ApprovalVerdict Verdict,
    string? Comment,
    bool Invalidated,
    DateTimeOffset CreatedAt);
