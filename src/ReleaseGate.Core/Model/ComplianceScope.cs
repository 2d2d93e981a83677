namespace ReleaseGate.Core.Model;

/// <summary>Which shipped releases of a workflow the scheduled compliance run evaluates.</summary>
public enum ComplianceScope
{
    /// <summary>Only the most recently shipped release of the workflow (the default).</summary>
    Latest,

    /// <summary>Every shipped release of the workflow.</summary>
    All,
}
