using System.Security.Cryptography;
using System.Text;

namespace ReleaseGate.Storage;

/// <summary>How API tokens are hashed for storage.</summary>
public static class ApiTokenHash
{
    /// <summary>The SHA-256 of the token's UTF-8 bytes, as <c>sha256:</c> and lower-case hex. Tokens are long random secrets, so an unsalted fast hash is enough.</summary>
    public static string Compute(string token) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
