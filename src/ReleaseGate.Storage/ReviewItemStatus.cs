namespace ReleaseGate.Storage;

/// <summary>Where a review item stands. Stored as its lower-case name.</summary>
public enum ReviewItemStatus
{
    /// <summary>In its group's queue until it has its k verdicts.</summary>
    Open,

    /// <summary>Its reviewers disagreed: in the adjudicator group's queue for one deciding verdict.</summary>
    Adjudication,

    /// <summary>Its verdict is final.</summary>
    Settled,

    /// <summary>Sampled on evidence that has since been replaced: it no longer counts and is handed to nobody.</summary>
    Void,
}
