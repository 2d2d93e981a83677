using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>An approval stage of the gate and whether it applies to this release.</summary>
/// <param name="Stage">The stage name.</param>
/// <param name="Group">The approving group.</param>
/// <param name="Count">How many distinct people must approve.</param>
/// <param name="Applies">Whether the stage applies.</param>
/// <param name="Reason">Why it applies or not, in words.</param>
/// <param name="Escalate">The stage's escalation, if any: once it escalated, members of its group may approve too.</param>
public sealed record StageRequirement(string Stage, string Group, int Count, bool Applies, string Reason, Escalation? Escalate = null);
