using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>What the results of one eval suite must show.</summary>
public sealed record EvalRequirement
{
    /// <summary>The suite name, as in the results' <c>suite</c> field.</summary>
    public required string Suite { get; init; }

    /// <summary>The suite file, relative to the gate, that lists the cases; lets missing cases be detected.</summary>
    public string? File { get; init; }

    /// <summary>The minimum pass rate over all cases of the suite, if any.</summary>
    public double? MinPassRate { get; init; }

    /// <summary>The one-sided Wilson confidence level applied to <see cref="MinPassRate"/>, if any.</summary>
    public double? Confidence { get; init; }

    /// <summary>The largest share of cases with an errored execution; when absent, any error is a warning.</summary>
    public double? MaxErrorRate { get; init; }

    /// <summary>How repeats of a case combine.</summary>
    public RepeatsRule Repeats { get; init; } = RepeatsRule.All;

    /// <summary>Per-slice requirements, in the order written.</summary>
    public IReadOnlyList<SliceRequirement> Slices { get; init; } = [];

    /// <summary>The comparison with the baseline, if the gate asks for one.</summary>
    public NoRegressionRule? NoRegression { get; init; }

    /// <summary>Where the requirement is written.</summary>
    public SourceLocation Location { get; init; }
}
