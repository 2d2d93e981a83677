using System.Security.Cryptography;
using System.Text;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>The digest of everything a release's decision rests on besides the release itself: its evidence uploads and its baseline.</summary>
public static class EvidenceDigest
{
    /// <summary>The digest of no evidence at all.</summary>
    public static readonly string None = Of([], null);

    /// <summary>
    /// SHA-256 over the upload digests in upload order and the baseline release digest. Any new upload changes it, so an
    /// approval given on the old value no longer counts.
    /// </summary>
    /// <param name="uploads">Digests of the evidence uploads, in the order they arrived.</param>
    /// <param name="baselineDigest">The baseline release's digest, if there is a baseline.</param>
    public static string Of(IEnumerable<string> uploads, string? baselineDigest)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var text = new StringBuilder();
        foreach (var upload in uploads)
        {
            text.Append("evidence ").Append(upload).Append('\n');
        }

        text.Append("baseline ").Append(baselineDigest ?? "none").Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
