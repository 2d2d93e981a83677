namespace ReleaseGate.Storage;

/// <summary>Where a release stands. Stored as its lower-case name (<c>rolled-back</c> with a hyphen).</summary>
public enum ReleaseState
{
    /// <summary>Waiting on reviews or approvals.</summary>
    Pending,

    /// <summary>A check fails and is not waived.</summary>
    Blocked,

    /// <summary>Every check passes and every approval stage is satisfied.</summary>
    Approved,

    /// <summary>An approver rejected it.</summary>
    Rejected,

    /// <summary>Deployed; the workflow's baseline unless another release shipped later.</summary>
    Shipped,

    /// <summary>Shipped once, then withdrawn.</summary>
    RolledBack,
}
