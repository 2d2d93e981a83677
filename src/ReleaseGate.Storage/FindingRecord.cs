namespace ReleaseGate.Storage;

/// <summary>
/// A stored compliance finding. What was found (workflow, release, policy, severity, owner, message, when and by which run) never
/// changes; its state moves open → acknowledged → resolved (or open → resolved). Never deleted.
/// </summary>
/// <param name="Id">The store's id.</param>
/// <param name="Workflow">The workflow.</param>
/// <param name="ReleaseId">The release that violates the policy.</param>
/// <param name="Policy">The policy's name.</param>
/// <param name="RuleDigest">The digest of the rule that was evaluated.</param>
/// <param name="Severity">The policy's severity word.</param>
/// <param name="Owner">Who owns fixing it.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="State">Open, acknowledged or resolved.</param>
/// <param name="OpenedRun">The run that opened it.</param>
/// <param name="OpenedAt">When (store clock).</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="AckNote">What they said.</param>
/// <param name="ResolvedBy">Who resolved it (a run's actor when a run found it no longer violating).</param>
/// <param name="ResolvedAt">When.</param>
/// <param name="Resolution">Why it is resolved.</param>
/// <param name="ResolvedRun">The run that resolved it, if a run did.</param>
/// <param name="RowVersion">Starts at 1 and grows with every change: the version a caller read, for optimistic concurrency.</param>
public sealed record FindingRecord(
    long Id, string Workflow, long ReleaseId, string Policy, string RuleDigest, string Severity, string Owner, string Message, FindingState State,
    long OpenedRun, DateTimeOffset OpenedAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? AckNote, string? ResolvedBy,
    DateTimeOffset? ResolvedAt, string? Resolution, long? ResolvedRun, long RowVersion);
