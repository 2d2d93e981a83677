namespace ReleaseGate.Storage;

/// <summary>A release to store.</summary>
/// <param name="Workflow">The workflow it belongs to; must exist.</param>
/// <param name="Version">The version the manifest names.</param>
/// <param name="Digest">The release digest (<c>sha256:…</c>, DESIGN §2): unique per workflow.</param>
/// <param name="ManifestYaml">The manifest's YAML text exactly as submitted.</param>
/// <param name="Submitter">Who submitted it.</param>
/// <param name="GateDigest">The gate version it is judged by.</param>
/// <param name="State">Its first state, usually <see cref="ReleaseState.Pending"/>.</param>
public sealed record NewRelease(
    string Workflow,
    string Version,
    string Digest,
    string ManifestYaml,
    string Submitter,
    string GateDigest,
    ReleaseState State = ReleaseState.Pending);
