namespace ReleaseGate.Core.Decisions;

/// <summary>The outcome of one case after its repeats are aggregated.</summary>
public enum CaseOutcome
{
    /// <summary>The case passes under the repeats rule.</summary>
    Pass,

    /// <summary>The case does not pass and at least one execution ran and failed.</summary>
    Fail,

    /// <summary>The case does not pass and every execution that did not pass errored.</summary>
    Error,

    /// <summary>The suite file lists the case but no result names it.</summary>
    Missing,
}
