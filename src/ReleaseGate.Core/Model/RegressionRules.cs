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

    /// <summary>
    /// The group that must accept a newly banked case before it becomes active (<c>review_new</c>); until then the case is
    /// <see cref="Bank.BankState.Proposed"/> and not required. None when new cases are active at once.
    /// </summary>
    public string? ReviewNew { get; init; }
}
