namespace ReleaseGate.Core.Bank;

/// <summary>Where a regression-bank case stands in its lifecycle. A case is never deleted: it is retired.</summary>
public enum BankState
{
    /// <summary>Replayed against every candidate; a release without its result is blocked (<c>regressions/missing</c>).</summary>
    Active,

    /// <summary>Flaky or disputed: replayed and reported, but it does not block; active again when its quarantine expires.</summary>
    Quarantined,

    /// <summary>No longer replayed, with a reason; kept with its history.</summary>
    Retired,

    /// <summary>Banked but waiting for the review the gate asks of new cases (<c>regressions.review_new</c>); not yet required.</summary>
    Proposed,
}
