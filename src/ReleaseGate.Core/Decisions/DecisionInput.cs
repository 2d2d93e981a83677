using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;

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

    /// <summary>
    /// The time at which each regression-bank case's state is taken (<see cref="Bank.BankCaseInfo.StateAt"/>): the release's
    /// submission on the server, so that a case banked or quarantined later does not change what the release had to
    /// replay; null for <see cref="Now"/> (local <c>check</c>).
    /// </summary>
    public DateTimeOffset? BankAsOf { get; init; }

    /// <summary>The policy engine, or null when none is available (policies then fail closed).</summary>
    public IPolicyEvaluator? Policies { get; init; }

    /// <summary>
    /// Every vote recorded on the release, in the order cast, when the decision collects votes (the server); null when it
    /// cannot (local <c>check</c>): approval stages then stay pending and a release with nothing outstanding is <see cref="Verdict.Pass"/>
    /// rather than <see cref="Verdict.Approved"/>. A vote counts only when given on this release digest, this
    /// <see cref="EvidenceDigest"/> and the stage's current definition, and not by the <see cref="Submitter"/>.
    /// </summary>
    public IReadOnlyList<Vote>? Votes { get; init; }

    /// <summary>Who submitted the release: their approvals never count (separation of duties).</summary>
    public string? Submitter { get; init; }

    /// <summary>The digest of everything the release's evidence is (its uploads and its baseline) that votes bind to.</summary>
    public string? EvidenceDigest { get; init; }

    /// <summary>Whether the release was shipped: the verdict is then <see cref="Verdict.Shipped"/>.</summary>
    public bool Shipped { get; init; }

    /// <summary>
    /// The items every review of the gate sampled (<see cref="GateEngine.ReviewSample"/>), when the decision collects review
    /// verdicts (the server); null when it cannot (local <c>check</c>): reviews then stay pending with a summary of the sample.
    /// </summary>
    public IReadOnlyList<SampledItem>? ReviewItems { get; init; }

    /// <summary>
    /// Every verdict given on the release's review items, in any order. Settled items (<see cref="ReviewSettlement"/>)
    /// replace their cases' automated outcomes in pass rates, slices, severity and no-regression, and the decision lists them
    /// as overrides. Counted only with <see cref="ReviewItems"/>; the <see cref="Submitter"/>'s never count.
    /// </summary>
    public IReadOnlyList<ReviewVerdict> ReviewVerdicts { get; init; } = [];

    /// <summary>
    /// The workflow's unresolved compliance findings at decision time, when the decision can know them (the server); null
    /// when it cannot (local <c>check</c>). With the gate's <c>compliance.block</c>, a finding of a listed severity blocks.
    /// </summary>
    public IReadOnlyList<OpenFinding>? Findings { get; init; }

    /// <summary>
    /// The escalations recorded for the release's approval stages, in any order, when known (the server); null otherwise.
    /// A pending stage shows its latest one.
    /// </summary>
    public IReadOnlyList<StageEscalation>? Escalations { get; init; }
}
