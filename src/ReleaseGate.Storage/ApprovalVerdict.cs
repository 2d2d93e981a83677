namespace ReleaseGate.Storage;

/// <summary>What an approver said.</summary>
public enum ApprovalVerdict
{
    /// <summary>Signed off.</summary>
    Approve,

    /// <summary>Refused.</summary>
    Reject,
}
