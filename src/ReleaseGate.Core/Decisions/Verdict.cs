namespace ReleaseGate.Core.Decisions;

/// <summary>
/// The gate's verdict on a release (DESIGN §2, §3). Local <c>releasegate check</c>, which collects no votes, gives
/// <see cref="Pass"/>, <see cref="Pending"/> or <see cref="Blocked"/>; the server, which does, gives the others in place of
/// <see cref="Pass"/>. <see cref="DecisionJson.Word(Verdict)"/> is the one place verdicts become words.
/// </summary>
public enum Verdict
{
    /// <summary>Every check passes (or warns, or is waived), and no votes were collected (local check).</summary>
    Pass,

    /// <summary>No check fails, but some wait on people.</summary>
    Pending,

    /// <summary>At least one check fails and is not waived.</summary>
    Blocked,

    /// <summary>Every check passes and every applicable approval stage has its approvers.</summary>
    Approved,

    /// <summary>An approver rejected the release; it is closed.</summary>
    Rejected,

    /// <summary>The release was shipped and is the workflow's baseline.</summary>
    Shipped,
}
