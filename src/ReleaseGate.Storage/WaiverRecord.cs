namespace ReleaseGate.Storage;

/// <summary>A stored waiver. Revoking keeps the row and records who revoked it, when and why.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="Workflow">The workflow it applies to.</param>
/// <param name="Check">A check id or a glob over ids.</param>
/// <param name="Release">A release version or digest, or null for any.</param>
/// <param name="Reason">Why it was granted.</param>
/// <param name="GrantedBy">Who granted it.</param>
/// <param name="GrantedAt">When.</param>
/// <param name="Expires">When it stops applying.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
/// <param name="RevokedBy">Who revoked it, or null.</param>
/// <param name="RevokeReason">Why it was revoked, or null.</param>
public sealed record WaiverRecord(
    long Id,
    string Workflow,
    string Check,
    string? Release,
    string Reason,
    string GrantedBy,
    DateTimeOffset GrantedAt,
    DateTimeOffset Expires,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    string? RevokeReason);
