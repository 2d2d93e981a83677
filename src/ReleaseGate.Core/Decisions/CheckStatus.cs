namespace ReleaseGate.Core.Decisions;

/// <summary>The status of one check.</summary>
public enum CheckStatus
{
    /// <summary>The requirement is met.</summary>
    Pass,

    /// <summary>The requirement is met, with something a person should look at.</summary>
    Warn,

    /// <summary>The requirement is not met, or its evidence is missing or errored (fail closed).</summary>
    Fail,

    /// <summary>The requirement waits on people: a review or an approval.</summary>
    Pending,

    /// <summary>The requirement is not met, but a valid waiver excuses it.</summary>
    Waived,
}
