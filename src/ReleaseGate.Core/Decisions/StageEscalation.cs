namespace ReleaseGate.Core.Decisions;

/// <summary>One escalation of a pending approval stage of the release, as recorded by the server.</summary>
/// <param name="Stage">The approval stage.</param>
/// <param name="To">The group it escalated to; its members may now approve.</param>
/// <param name="Level">1 for the first escalation, 2 for the next (<see cref="Model.Escalation.Every"/>), and so on.</param>
/// <param name="At">When it escalated.</param>
/// <param name="WaitingSince">Since when the stage has been waiting.</param>
/// <param name="Reason">Why it escalated, in words.</param>
public sealed record StageEscalation(string Stage, string To, int Level, DateTimeOffset At, DateTimeOffset WaitingSince, string Reason);
