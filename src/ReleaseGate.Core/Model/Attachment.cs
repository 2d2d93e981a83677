namespace ReleaseGate.Core.Model;

/// <summary>A file attached to a release as evidence (a model card, a red-team report).</summary>
/// <param name="Name">The attachment name, as named in the gate's <c>evidence.required</c>.</param>
/// <param name="File">The file path, relative to the manifest.</param>
/// <param name="Digest">The digest the manifest declares for the file (<c>sha256:hex</c>), if any; the file must match it.</param>
public sealed record Attachment(string Name, string File, string? Digest);
