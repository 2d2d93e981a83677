using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>Everything a decision depends on. The same input gives the same decision on any machine.</summary>
public sealed record DecisionInput
{
    /// <summary>The gate.</summary>
    public required Gate Gate { get; init; }

    /// <summary>The candidate's results.</summary>
    public required EvidenceSet Candidate { get; init; }

    /// <summary>The baseline's results, or null when none were given.</summary>
    public EvidenceSet? Baseline { get; init; }

    /// <summary>The candidate release, when a manifest was given.</summary>
    public ReleaseEvidence? Release { get; init; }

    /// <summary>The baseline release, when a manifest was given.</summary>
    public ReleaseEvidence? BaselineRelease { get; init; }

    /// <summary>Suite files the gate names, by suite name; they let missing cases be detected.</summary>
    public IReadOnlyDictionary<string, Suite> Suites { get; init; } = new Dictionary<string, Suite>();

    /// <summary>Waivers to consider.</summary>
    public IReadOnlyList<Waiver> Waivers { get; init; } = [];

    /// <summary>The time of the decision.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The policy engine, or null when none is available (policies then fail closed).</summary>
    public IPolicyEvaluator? Policies { get; init; }
}
