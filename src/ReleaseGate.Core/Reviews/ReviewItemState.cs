namespace ReleaseGate.Core.Reviews;

/// <summary>Where a review item stands (<see cref="ReviewSettlement"/>).</summary>
public enum ReviewItemState
{
    /// <summary>Fewer than the review's reviewers per item have given a verdict that counts.</summary>
    AwaitingReviewers,

    /// <summary>Its reviewers disagree, and no majority may settle it: an adjudicator must.</summary>
    AwaitingAdjudication,

    /// <summary>It has a verdict that replaces the case's automated outcome.</summary>
    Settled,
}
