namespace ReleaseGate.Core.Model;

/// <summary>Where an approval stage escalates, and after how long.</summary>
/// <param name="After">How long the stage may wait before escalating.</param>
/// <param name="To">The group it escalates to.</param>
public sealed record Escalation(TimeSpan After, string To);
