namespace ReleaseGate.Core.Model;

/// <summary>What one slice of a suite must show.</summary>
public sealed record SliceRequirement
{
    /// <summary>The slice tag, such as <c>refunds</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The minimum pass rate of the slice's cases, if any.</summary>
    public double? MinPassRate { get; init; }

    /// <summary>The one-sided Wilson confidence level applied to <see cref="MinPassRate"/>, if any.</summary>
    public double? Confidence { get; init; }

    /// <summary>Whether the slice is protected: <c>no_regression: { slices: protected }</c> compares it with the baseline.</summary>
    public bool Protected { get; init; }
}
