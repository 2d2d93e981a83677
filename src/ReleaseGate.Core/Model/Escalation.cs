namespace ReleaseGate.Core.Model;

/// <summary>Where an unsettled approval stage or review escalates, after how long, and how often again.</summary>
/// <param name="After">How long the stage or review may wait before escalating; more than zero.</param>
/// <param name="To">The group it escalates to.</param>
/// <param name="Every">When set, it escalates again each time this much longer passes unsettled (at least a minute); null for once.</param>
public sealed record Escalation(TimeSpan After, string To, TimeSpan? Every = null);
