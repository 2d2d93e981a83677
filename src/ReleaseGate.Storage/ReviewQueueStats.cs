namespace ReleaseGate.Storage;

/// <summary>
/// One group's review queue: the items waiting in it (open items of the group, and items in adjudication counted under their
/// adjudicator group), of releases still pending, blocked or approved.
/// </summary>
/// <param name="Group">The group.</param>
/// <param name="Depth">How many items wait.</param>
/// <param name="OldestCreatedAt">When the oldest of them was sampled, or null when none waits.</param>
public sealed record ReviewQueueStats(string Group, int Depth, DateTimeOffset? OldestCreatedAt);
