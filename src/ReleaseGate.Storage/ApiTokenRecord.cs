namespace ReleaseGate.Storage;

/// <summary>A stored API token (its hash, never the secret).</summary>
/// <param name="Id">The store's id.</param>
/// <param name="UserName">The account it acts as.</param>
/// <param name="Name">Its label.</param>
/// <param name="TokenHash">The token's hash.</param>
/// <param name="Scopes">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, or null.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
public sealed record ApiTokenRecord(
    long Id,
    string UserName,
    string Name,
    string TokenHash,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);
