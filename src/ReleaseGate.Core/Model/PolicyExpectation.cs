namespace ReleaseGate.Core.Model;

/// <summary>What a rule must give in a policy test.</summary>
public enum PolicyExpectation
{
    /// <summary>The rule holds (a policy passes, a stage applies).</summary>
    True,

    /// <summary>The rule does not hold.</summary>
    False,

    /// <summary>The rule cannot be evaluated on this input (it fails closed).</summary>
    Error,
}
