namespace ReleaseGate.Core.Reviews;

/// <summary>A candidate case that may be sampled for review.</summary>
/// <param name="Suite">Its suite.</param>
/// <param name="Case">Its case id.</param>
/// <param name="Passed">Whether the automated outcome passed.</param>
public sealed record SampleCase(string Suite, string Case, bool Passed)
{
    /// <summary>The slices the case belongs to; per-slice minimums count them.</summary>
    public IReadOnlyList<string> Slices { get; init; } = [];

    /// <summary>
    /// The smallest distance between an <c>llm-rubric</c> assertion's score and its threshold over the case's assertions, or
    /// null when it has none: a case within the review's judge band is always sampled.
    /// </summary>
    public double? JudgeMargin { get; init; }

    /// <summary>Whether the case is behind an inconclusive no-regression check that asks for review: it is always sampled.</summary>
    public bool Inconclusive { get; init; }
}
