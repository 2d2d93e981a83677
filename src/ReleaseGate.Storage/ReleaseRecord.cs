namespace ReleaseGate.Storage;

/// <summary>A release as stored.</summary>
/// <param name="Id">The store's id of the release.</param>
/// <param name="Workflow">The workflow it belongs to.</param>
/// <param name="Version">The version the manifest names.</param>
/// <param name="Digest">The release digest (<c>sha256:…</c>).</param>
/// <param name="ManifestYaml">The manifest's YAML text exactly as submitted.</param>
/// <param name="Submitter">Who submitted it.</param>
/// <param name="GateDigest">The gate version it is judged by.</param>
/// <param name="State">Where it stands.</param>
/// <param name="RowVersion">The optimistic-concurrency version: 1 when stored, one more on every change. Pass it back to
/// <see cref="IGateTransaction.UpdateReleaseAsync"/>; a stale value is a <see cref="ConcurrencyConflictException"/>.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record ReleaseRecord(
    long Id,
    string Workflow,
    string Version,
    string Digest,
    string ManifestYaml,
    string Submitter,
    string GateDigest,
    ReleaseState State,
    long RowVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
