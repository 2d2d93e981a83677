namespace ReleaseGate.Core.Decisions;

/// <summary>A release named in a decision: its version and digest.</summary>
/// <param name="Version">The version.</param>
/// <param name="Digest">The release digest, <c>sha256:hex</c>.</param>
public sealed record ReleaseRef(string Version, string Digest);
