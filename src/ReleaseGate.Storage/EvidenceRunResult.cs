namespace ReleaseGate.Storage;

/// <summary>The outcome of storing an evaluation run.</summary>
/// <param name="Run">The stored run.</param>
/// <param name="Created">False when a run with the same digest was already stored for the release and nothing was written.</param>
public sealed record EvidenceRunResult(EvidenceRunRecord Run, bool Created);
