namespace ReleaseGate.Storage;

/// <summary>An API token to store. Only its hash is kept (<see cref="ApiTokenHash.Compute"/>); the secret is shown once to its owner.</summary>
/// <param name="UserName">The account it acts as.</param>
/// <param name="Name">A label (e.g. <c>ci-main</c>).</param>
/// <param name="TokenHash">The token's hash; unique.</param>
/// <param name="Scopes">What it may do (e.g. <c>submit</c>, <c>approve</c>, <c>admin</c>).</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
public sealed record NewApiToken(string UserName, string Name, string TokenHash, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt);
