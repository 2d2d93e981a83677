namespace ReleaseGate.Core.Model;

/// <summary>The <c>regressions</c> rules over the results of the workflow's regression bank.</summary>
public sealed record RegressionRules
{
    /// <summary>The suite name of the regression bank's results.</summary>
    public required string Suite { get; init; }

    /// <summary>The suite file listing the bank's cases, relative to the gate, if any.</summary>
    public string? File { get; init; }

    /// <summary>Severities whose regression cases must all pass; every severity when the gate does not say.</summary>
    public IReadOnlyList<Severity> MustPass { get; init; } = [];
}
