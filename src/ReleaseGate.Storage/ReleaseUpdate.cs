namespace ReleaseGate.Storage;

/// <summary>A change to a release's mutable fields; null leaves a field as it is.</summary>
/// <param name="State">The new state.</param>
/// <param name="GateDigest">A new gate version to judge it by.</param>
public sealed record ReleaseUpdate(ReleaseState? State = null, string? GateDigest = null);
