namespace ReleaseGate.Policies;

/// <summary>
/// Bounds on what one policy evaluation may read and how long it may run, so that a hostile or mistaken rule, or an
/// enormous release, fails the check with a reason instead of stalling the gate. Every limit fails closed.
/// </summary>
public sealed record PolicyLimits
{
    /// <summary>The limits used when none are given.</summary>
    public static readonly PolicyLimits Default = new();

    /// <summary>The longest one evaluation may run; loops stop when it passes. One second by default.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest one <c>matches()</c> may run; each regular expression is built with it. 100 ms by default.</summary>
    public TimeSpan RegexMatchTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most items one list or mapping of the input may hold. 100,000 by default.</summary>
    public int MaxCollectionLength { get; init; } = 100_000;

    /// <summary>The most characters one string of the input may hold. 65,536 by default.</summary>
    public int MaxStringLength { get; init; } = 65_536;

    /// <summary>The most values (mappings, lists, strings, numbers…) the whole input may hold. 2,000,000 by default.</summary>
    public int MaxDocumentValues { get; init; } = 2_000_000;

    /// <summary>How deep mappings and lists of the input may nest. 32 by default.</summary>
    public int MaxDepth { get; init; } = 32;
}
