namespace ReleaseGate.Storage;

/// <summary>A workflow as stored.</summary>
/// <param name="Name">The workflow's name, its key (e.g. <c>support-agent</c>).</param>
/// <param name="Risk">The risk tier as written in the gate (<c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>).</param>
/// <param name="CurrentGateDigest">The digest of the gate version in force, or null before the first gate is stored.</param>
/// <param name="BaselineReleaseId">The release currently shipped for the workflow, or null when none is.</param>
/// <param name="CreatedAt">When the workflow was first stored.</param>
/// <param name="UpdatedAt">When the row last changed.</param>
public sealed record WorkflowRecord(
    string Name,
    string Risk,
    string? CurrentGateDigest,
    long? BaselineReleaseId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
