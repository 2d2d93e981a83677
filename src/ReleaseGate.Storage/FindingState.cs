namespace ReleaseGate.Storage;

/// <summary>Where a compliance finding stands; written as the words of <see cref="FindingStates"/>.</summary>
public enum FindingState
{
    /// <summary>A shipped release violates a policy and nobody has answered yet (<c>open</c>).</summary>
    Open,

    /// <summary>Someone owns it and said so (<c>acknowledged</c>).</summary>
    Acknowledged,

    /// <summary>Closed: fixed, no longer violating, or accepted (<c>resolved</c>).</summary>
    Resolved,
}
