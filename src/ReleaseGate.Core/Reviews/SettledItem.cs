using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Reviews;

/// <summary>A review item and where it stands (<see cref="ReviewSettlement"/>).</summary>
/// <param name="Item">The item.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Pass">The settled verdict; null unless <paramref name="State"/> is <see cref="ReviewItemState.Settled"/>.</param>
/// <param name="Severity">The worst severity a failing verdict gave (raising the case's own, never lowering it); null when none did or it passed.</param>
/// <param name="Reviewers">The reviewers whose verdicts count, earliest first.</param>
/// <param name="Adjudicator">Who adjudicated it, when an adjudication settled it.</param>
/// <param name="Reason">How it was settled (unanimous, majority, adjudication) with the comments, for the override; null until settled.</param>
public sealed record SettledItem(SampledItem Item, ReviewItemState State, bool? Pass, Severity? Severity, IReadOnlyList<string> Reviewers, string? Adjudicator, string? Reason)
{
    /// <summary>When it was settled: the time of the verdict that settled it; null until settled.</summary>
    public DateTimeOffset? SettledAt { get; init; }
}
