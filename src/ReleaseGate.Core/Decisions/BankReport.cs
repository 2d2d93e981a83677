namespace ReleaseGate.Core.Decisions;

/// <summary>
/// How the regression bank fared in a decision (its <c>bank</c> report): the count of cases in each lifecycle state as of
/// <see cref="AsOf"/>, how many were replayed and how they did, and the cases that matter most.
/// </summary>
public sealed record BankReport
{
    /// <summary>The most cases <see cref="Cases"/> lists; the rest are counted in <see cref="More"/>, so that a decision on a large bank stays bounded.</summary>
    public const int MaxListed = 200;

    /// <summary>The time each case's state was taken at (the release's submission on the server, the decision's time locally).</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Cases active at <see cref="AsOf"/>, expired quarantines included: each must have a result.</summary>
    public int Active { get; init; }

    /// <summary>Cases quarantined at <see cref="AsOf"/>: reported, never blocking.</summary>
    public int Quarantined { get; init; }

    /// <summary>Cases waiting for the review of new cases: not required.</summary>
    public int Proposed { get; init; }

    /// <summary>Retired cases: not required.</summary>
    public int Retired { get; init; }

    /// <summary>Active and quarantined cases with a result.</summary>
    public int Replayed { get; init; }

    /// <summary>Replayed cases that passed.</summary>
    public int Passed { get; init; }

    /// <summary>Replayed cases that failed or errored.</summary>
    public int Failed { get; init; }

    /// <summary>Active cases without a result (the <c>regressions/missing</c> check).</summary>
    public int Missing { get; init; }

    /// <summary>
    /// Up to <see cref="MaxListed"/> cases: first every active case that did not pass, then the quarantined ones, then
    /// those that remember an incident, then the rest; by id within each group.
    /// </summary>
    public IReadOnlyList<BankReportEntry> Cases { get; init; } = [];

    /// <summary>How many cases of the bank are not listed in <see cref="Cases"/>.</summary>
    public int More { get; init; }
}
