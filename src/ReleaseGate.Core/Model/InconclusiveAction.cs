namespace ReleaseGate.Core.Model;

/// <summary>What a drop above the margin that is not statistically significant becomes.</summary>
public enum InconclusiveAction
{
    /// <summary>A warning (the default).</summary>
    Warn,

    /// <summary>A pending check that waits for human review.</summary>
    Review,
}
