namespace ReleaseGate.Storage;

/// <summary>A release's named reference to an attachment.</summary>
/// <param name="ReleaseId">The release.</param>
/// <param name="Name">The attachment's name in the manifest (e.g. <c>model-card</c>).</param>
/// <param name="Digest">The digest of the attachment's content.</param>
public sealed record ReleaseAttachmentRecord(long ReleaseId, string Name, string Digest);
