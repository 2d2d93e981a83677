namespace ReleaseGate.Core.Model;

/// <summary>What a violated policy does.</summary>
public enum PolicyEffect
{
    /// <summary>The check fails and the release is blocked.</summary>
    Block,

    /// <summary>The check warns.</summary>
    Warn,
}
