namespace ReleaseGate.Storage;

/// <summary>An escalation to record (<see cref="IGateTransaction.AddEscalationAsync"/>).</summary>
/// <param name="ReleaseId">The release whose step waited too long.</param>
/// <param name="Kind"><c>stage</c> (an approval stage) or <c>review_item</c> (a review item).</param>
/// <param name="Target">The stage's name, or the review item's id as text.</param>
/// <param name="ToGroup">The group it is escalated to: a review item is then offered to that group's members too.</param>
/// <param name="Level">The escalation level, 1 for the first: each level of a waiting step escalates once.</param>
/// <param name="WaitingSince">Since when the step has waited.</param>
/// <param name="Reason">Why (which rule escalated it).</param>
public sealed record NewEscalation(long ReleaseId, string Kind, string Target, string ToGroup, int Level, DateTimeOffset WaitingSince, string Reason);
