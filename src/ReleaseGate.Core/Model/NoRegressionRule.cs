namespace ReleaseGate.Core.Model;

/// <summary>The <c>no_regression</c> rule: compare the candidate with the baseline per slice, on paired cases.</summary>
public sealed record NoRegressionRule
{
    /// <summary>Which slices are compared.</summary>
    public SliceSelection Slices { get; init; } = SliceSelection.Protected;

    /// <summary>The slice names when <see cref="Slices"/> is <see cref="SliceSelection.Listed"/>.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The comparison method.</summary>
    public RegressionMethod Method { get; init; } = RegressionMethod.McNemar;

    /// <summary>The significance level of the McNemar test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The largest net drop (b − c) / n tolerated without a finding.</summary>
    public double Margin { get; init; }

    /// <summary>What an inconclusive drop becomes.</summary>
    public InconclusiveAction OnInconclusive { get; init; } = InconclusiveAction.Warn;
}
