namespace ReleaseGate.Core.Model;

/// <summary>The risk tier of a workflow; approval conditions and policies can depend on it.</summary>
public enum RiskTier
{
    /// <summary>Low risk.</summary>
    Low,

    /// <summary>Medium risk.</summary>
    Medium,

    /// <summary>High risk.</summary>
    High,

    /// <summary>Critical risk.</summary>
    Critical,
}
