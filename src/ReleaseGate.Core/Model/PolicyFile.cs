namespace ReleaseGate.Core.Model;

/// <summary>A parsed <c>kind: Policies</c> file.</summary>
/// <param name="File">The file, as read.</param>
/// <param name="Digest">The SHA-256 of its text, <c>sha256:hex</c>.</param>
/// <param name="Policies">Its rules, in the order written.</param>
public sealed record PolicyFile(string File, string Digest, IReadOnlyList<PolicyRule> Policies);
