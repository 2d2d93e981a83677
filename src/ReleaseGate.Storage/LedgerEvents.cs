namespace ReleaseGate.Storage;

/// <summary>
/// The ledger entry types that carry state, and what <see cref="IGateStore.VerifyStateAsync"/> reads from them: the approvals,
/// waivers, decisions and release states in the tables must be exactly what these entries imply. Release entries have the subject
/// <c>release/&lt;workflow&gt;/&lt;id&gt;</c>, waiver entries <c>workflow/&lt;workflow&gt;</c>. Other types carry no table state.
/// </summary>
public static class LedgerEvents
{
    /// <summary>A release was stored: <c>version</c>, <c>release</c> (its digest), <c>gate</c>; the actor is the submitter.</summary>
    public const string ReleaseSubmitted = "release.submitted";

    /// <summary>A release was made by <c>releasegate db ingest</c> (no manifest, no gate): subject <c>release:&lt;id&gt;</c>, <c>workflow</c>,
    /// <c>version</c>, <c>digest</c>; the actor is the submitter, the release stays pending.</summary>
    public const string ReleaseCreated = "release.created";

    /// <summary>A release was shipped.</summary>
    public const string ReleaseShipped = "release.shipped";

    /// <summary>A decision was recorded: <c>verdict</c>, <c>gate</c>, <c>release</c>, <c>evidence</c>, <c>baseline</c>, and <c>decision</c>
    /// (the SHA-256 of the decision JSON; entries written before it was recorded lack it). The release's state is the last verdict.</summary>
    public const string DecisionChanged = "decision.changed";

    /// <summary>An approval: <c>approval</c> (its id), <c>stage</c>, <c>release</c>, <c>evidence</c>, <c>gate</c>, <c>stage_definition</c>, <c>comment</c>.</summary>
    public const string ApprovalGiven = "approval.given";

    /// <summary>A rejection, with the fields of <see cref="ApprovalGiven"/>.</summary>
    public const string ApprovalRejected = "approval.rejected";

    /// <summary>Approvals were voided: <c>approvals</c> (their ids); entries written before ids were recorded name the <c>evidence</c>
    /// digest instead, and void every valid approval of the release given on other evidence.</summary>
    public const string ApprovalsInvalidated = "approvals.invalidated";

    /// <summary>A waiver was granted: <c>waiver</c> (its id), <c>check</c>, <c>release</c>, <c>reason</c>, <c>expires_at</c> (or, in entries
    /// written before it was recorded, <c>expires</c> to the second); the actor granted it.</summary>
    public const string WaiverGranted = "waiver.granted";

    /// <summary>A waiver was revoked: <c>waiver</c>, <c>reason</c>; the actor revoked it.</summary>
    public const string WaiverRevoked = "waiver.revoked";

    /// <summary>Every type above.</summary>
    public static IReadOnlyList<string> StateBearing { get; } =
        [ReleaseSubmitted, ReleaseCreated, ReleaseShipped, DecisionChanged, ApprovalGiven, ApprovalRejected, ApprovalsInvalidated, WaiverGranted, WaiverRevoked];
}
