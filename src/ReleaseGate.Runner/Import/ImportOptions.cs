namespace ReleaseGate.Runner.Import;

/// <summary>How an importer names and marks the results it writes.</summary>
/// <param name="Suite">The suite name every line gets; it must match the suite name in the gate.</param>
/// <param name="Target">The <c>target</c> field: <c>candidate</c> (the default) or <c>baseline</c>.</param>
public sealed record ImportOptions(string Suite, string Target = "candidate")
{
    /// <summary>JUnit only: whether skipped tests become error lines (the default) or are left out.</summary>
    public bool OmitSkipped { get; init; }

    /// <summary>promptfoo only: import the results of this provider (its id or label); required when the file holds several.</summary>
    public string? Provider { get; init; }
}
