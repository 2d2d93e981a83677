namespace ReleaseGate.Server.Api;

/// <summary>A compliance run: when it was due, who ran it, what it found.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Workflow">The workflow whose shipped releases it checked.</param>
/// <param name="ScheduledFor">The due time of a scheduled run; when it was asked for, for a manual one.</param>
/// <param name="Trigger"><c>schedule</c> or <c>manual</c>.</param>
/// <param name="Instance">The server instance that ran it.</param>
/// <param name="Actor">Who started it (<c>releasegate</c> for the schedule).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Releases">How many shipped releases it checked.</param>
/// <param name="Policies">How many policies each was checked against.</param>
/// <param name="Violations">How many rule evaluations were violated (or could not be evaluated).</param>
/// <param name="Opened">How many findings it opened.</param>
/// <param name="Resolved">How many findings it resolved.</param>
/// <param name="Error">Why the run could not evaluate its policies (it then opened and resolved nothing); null for a run that did.</param>
public sealed record ComplianceRunV1(
    long Id, string Workflow, DateTimeOffset ScheduledFor, string Trigger, string Instance, string Actor, DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt, int Releases, int Policies, int Violations, int Opened, int Resolved, string? Error);

/// <summary>A compliance finding: a shipped release that violates a compliance policy, and what was done about it.</summary>
/// <param name="Id">The finding's id.</param>
/// <param name="Workflow">The workflow.</param>
/// <param name="Release">The release's id.</param>
/// <param name="Version">The release's version.</param>
/// <param name="Policy">The compliance policy's id.</param>
/// <param name="RuleDigest">The digest of the rule as it was evaluated.</param>
/// <param name="Severity">The policy's severity.</param>
/// <param name="Owner">The group that owns it.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="State"><c>open</c>, <c>acknowledged</c> or <c>resolved</c>.</param>
/// <param name="BlocksNewReleases">Whether, unresolved, it blocks new releases of the workflow (under the current gate).</param>
/// <param name="OpenedRun">The run that opened it.</param>
/// <param name="OpenedAt">When.</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="AckNote">What they said.</param>
/// <param name="ResolvedBy">Who resolved it (<c>releasegate</c> when a run found the rule holding again).</param>
/// <param name="ResolvedAt">When.</param>
/// <param name="Resolution">Why it is resolved.</param>
/// <param name="RowVersion">The row version, for a conditional change.</param>
public sealed record FindingV1(
    long Id, string Workflow, long Release, string Version, string Policy, string RuleDigest, string Severity, string Owner, string Message,
    string State, bool BlocksNewReleases, long OpenedRun, DateTimeOffset OpenedAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt,
    string? AckNote, string? ResolvedBy, DateTimeOffset? ResolvedAt, string? Resolution, long RowVersion);

/// <summary>A change of a finding's state.</summary>
/// <param name="Note">Why: the acknowledgement's note or the resolution.</param>
/// <param name="RowVersion">When set, the change applies only if the finding is still at this row version.</param>
public sealed record FindingChangeRequestV1(string? Note, long? RowVersion = null);
