namespace ReleaseGate.Core.Reviews;

/// <summary>A candidate case that may be sampled for review.</summary>
/// <param name="Suite">Its suite.</param>
/// <param name="Case">Its case id.</param>
/// <param name="Passed">Whether the automated outcome passed.</param>
public sealed record SampleCase(string Suite, string Case, bool Passed);
