namespace ReleaseGate.Core.Model;

/// <summary>How the repeats of one case combine into the case's outcome.</summary>
public enum RepeatAggregate
{
    /// <summary>The case passes only if every repeat passes (the default).</summary>
    All,

    /// <summary>The case passes if more than half of its repeats pass.</summary>
    Majority,

    /// <summary>The case passes if any repeat passes.</summary>
    Any,

    /// <summary>The case passes if at least <see cref="RepeatsRule.AtLeast"/> repeats pass.</summary>
    AtLeast,
}
