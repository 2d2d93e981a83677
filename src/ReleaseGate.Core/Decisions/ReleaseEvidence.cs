using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>A release manifest with the digests of the files it references, as read by the caller.</summary>
/// <param name="Manifest">The parsed manifest.</param>
/// <param name="Digest">The release digest.</param>
/// <param name="FileDigests">Digests of the referenced files that exist, by path as written; a missing file has no entry.</param>
public sealed record ReleaseEvidence(ReleaseManifest Manifest, string Digest, IReadOnlyDictionary<string, string> FileDigests);
