using System.Security.Cryptography;

namespace ReleaseGate.Server.Identity;

/// <summary>
/// API tokens: 32 random bytes shown once as <c>rg_&lt;base64url&gt;</c>; the server keeps only their SHA-256
/// (<see cref="Storage.ApiTokenHash"/>). A token has 256 bits of entropy, so a fast hash is enough: there is nothing to guess.
/// </summary>
public static class ApiTokens
{
    /// <summary>The prefix every token starts with, so that secret scanners can find leaked ones.</summary>
    public const string Prefix = "rg_";

    /// <summary>Creates a new token.</summary>
    /// <returns>The token, to show once, and its hash, to store.</returns>
    public static (string Token, string Hash) Create()
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Storage.ApiTokenHash.Compute(token));
    }
}
