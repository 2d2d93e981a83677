namespace ReleaseGate.Storage;

/// <summary>A stored escalation. Kept as written: never changed or deleted.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="ReleaseId">The release.</param>
/// <param name="Kind"><c>stage</c> or <c>review_item</c>.</param>
/// <param name="Target">The stage's name, or the review item's id as text.</param>
/// <param name="ToGroup">The group it was escalated to.</param>
/// <param name="Level">The escalation level.</param>
/// <param name="WaitingSince">Since when the step had waited.</param>
/// <param name="EscalatedAt">When it was escalated (store clock).</param>
/// <param name="Reason">Why.</param>
public sealed record EscalationRecord(
    long Id, long ReleaseId, string Kind, string Target, string ToGroup, int Level, DateTimeOffset WaitingSince, DateTimeOffset EscalatedAt, string Reason);
