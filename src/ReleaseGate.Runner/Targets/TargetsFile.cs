namespace ReleaseGate.Runner.Targets;

/// <summary>A parsed targets file.</summary>
/// <param name="File">The file it was read from.</param>
/// <param name="Targets">Its targets, in order.</param>
public sealed record TargetsFile(string File, IReadOnlyList<TargetDefinition> Targets);
