namespace ReleaseGate.Storage;

/// <summary>A stored compliance run: what started it, and once it ended, its totals. Never deleted; its start never changes.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="Workflow">The workflow it checked.</param>
/// <param name="ScheduledFor">The time the schedule named.</param>
/// <param name="Trigger"><c>schedule</c> or <c>manual</c>.</param>
/// <param name="Instance">The server instance that ran it.</param>
/// <param name="Actor">Who started it.</param>
/// <param name="StartedAt">When it started (store clock).</param>
/// <param name="EndedAt">When it ended; null while running (or when its instance died).</param>
/// <param name="Releases">How many releases it checked.</param>
/// <param name="Policies">How many policies it evaluated.</param>
/// <param name="Violations">How many violations it saw.</param>
/// <param name="Opened">How many findings it opened.</param>
/// <param name="Resolved">How many findings it resolved.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record ComplianceRunRecord(
    long Id, string Workflow, DateTimeOffset ScheduledFor, string Trigger, string Instance, string Actor, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    int Releases, int Policies, int Violations, int Opened, int Resolved, string? Error);
