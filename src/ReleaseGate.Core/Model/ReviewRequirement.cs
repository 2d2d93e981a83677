namespace ReleaseGate.Core.Model;

/// <summary>A human review step: which outputs are sampled, who reviews them, and the agreement needed.</summary>
public sealed record ReviewRequirement
{
    /// <summary>The review id; its check is <c>reviews/&lt;id&gt;</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The reviewer group.</summary>
    public required string Group { get; init; }

    /// <summary>The share of failed cases sampled for review (1 for <c>all</c>).</summary>
    public double SampleFailures { get; init; } = 1;

    /// <summary>The share of passing cases sampled for review.</summary>
    public double SamplePassing { get; init; }

    /// <summary>The minimum number of items sampled.</summary>
    public int SampleMin { get; init; }

    /// <summary>How many distinct reviewers judge each item.</summary>
    public int ReviewersPerItem { get; init; } = 1;

    /// <summary>The minimum agreement between reviewers.</summary>
    public double? MinAgreement { get; init; }

    /// <summary>Per-slice minimums: at least this many items from the cases of each slice (all of them when it has fewer).</summary>
    public IReadOnlyDictionary<string, int> SampleSlices { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// When set, every case with an <c>llm-rubric</c> assertion whose score is within this distance of its threshold is
    /// sampled: the judge was unsure.
    /// </summary>
    public double? JudgeBand { get; init; }

    /// <summary>The group that settles disputed items, when the gate names one; null for the review's own <see cref="Group"/>.</summary>
    public string? Adjudicator { get; init; }

    /// <summary>The group that settles disputed items: <see cref="Adjudicator"/>, or the review's own group.</summary>
    public string AdjudicatorGroup => Adjudicator ?? Group;

    /// <summary>Where unsettled review items escalate, if anywhere.</summary>
    public Escalation? Escalate { get; init; }
}
