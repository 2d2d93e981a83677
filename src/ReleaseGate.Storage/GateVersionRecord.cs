namespace ReleaseGate.Storage;

/// <summary>One version of a workflow's gate, identified by the digest of its YAML text. A changed gate is a new version; old ones stay.</summary>
/// <param name="Id">The store's id of the version.</param>
/// <param name="Workflow">The workflow the gate belongs to.</param>
/// <param name="Digest">The gate's digest (<c>sha256:…</c>).</param>
/// <param name="Yaml">The gate's YAML text exactly as submitted.</param>
/// <param name="CreatedBy">Who stored it.</param>
/// <param name="CreatedAt">When it was first stored.</param>
public sealed record GateVersionRecord(
    long Id,
    string Workflow,
    string Digest,
    string Yaml,
    string CreatedBy,
    DateTimeOffset CreatedAt);
