namespace ReleaseGate.Core.Model;

/// <summary>The <c>repeats</c> rule of an eval requirement.</summary>
/// <param name="Aggregate">How repeats combine.</param>
/// <param name="AtLeast">The number of passing repeats needed when <paramref name="Aggregate"/> is <see cref="RepeatAggregate.AtLeast"/>; otherwise 0.</param>
public sealed record RepeatsRule(RepeatAggregate Aggregate, int AtLeast)
{
    /// <summary>The default: every repeat must pass.</summary>
    public static RepeatsRule All { get; } = new(RepeatAggregate.All, 0);

    /// <summary>Whether a case with these counts passes.</summary>
    public bool Passes(int passed, int total) => total > 0 && Aggregate switch
    {
        RepeatAggregate.All => passed == total,
        RepeatAggregate.Majority => passed * 2 > total,
        RepeatAggregate.Any => passed > 0,
        _ => passed >= AtLeast,
    };

    /// <summary>The rule as written in a gate: <c>all</c>, <c>majority</c>, <c>any</c> or <c>at_least: k</c>.</summary>
    public override string ToString() => Aggregate == RepeatAggregate.AtLeast ? $"at_least: {AtLeast}" : Aggregate.ToString().ToLowerInvariant();
}
