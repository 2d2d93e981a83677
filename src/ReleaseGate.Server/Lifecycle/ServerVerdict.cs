namespace ReleaseGate.Server.Lifecycle;

/// <summary>The server's verdict on a release (DESIGN §2): the engine's verdict with approvals, rejections and shipping applied.</summary>
public enum ServerVerdict
{
    /// <summary>A check fails and no waiver excuses it.</summary>
    Blocked,

    /// <summary>No check fails, but reviews or approvals are outstanding.</summary>
    Pending,

    /// <summary>Every check passes and every applicable approval stage has its approvers.</summary>
    Approved,

    /// <summary>An approver rejected the release; it is closed.</summary>
    Rejected,

    /// <summary>The release was shipped and is the workflow's baseline.</summary>
    Shipped,
}
