namespace ReleaseGate.Core.Decisions;

/// <summary>The gate's verdict on a release, as local <c>releasegate check</c> reports it.</summary>
public enum Verdict
{
    /// <summary>Every check passes (or warns, or is waived).</summary>
    Pass,

    /// <summary>No check fails, but some wait on people.</summary>
    Pending,

    /// <summary>At least one check fails and is not waived.</summary>
    Blocked,
}
