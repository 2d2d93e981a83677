namespace ReleaseGate.Storage;

/// <summary>An attachment (model card, red-team report) stored once by its digest.</summary>
/// <param name="Digest">The digest of <paramref name="Content"/> (<c>sha256:…</c>).</param>
/// <param name="MediaType">Its media type, e.g. <c>text/markdown</c>.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="CreatedAt">When it was first stored.</param>
public sealed record AttachmentRecord(string Digest, string MediaType, ReadOnlyMemory<byte> Content, DateTimeOffset CreatedAt);
