namespace ReleaseGate.Storage;

/// <summary>
/// Every ledger entry type the product writes. The state-bearing ones (<see cref="StateBearing"/>) are what
/// <see cref="IGateStore.VerifyStateAsync"/> reads: the approvals, waivers, decisions, review verdicts, release states and bank case states in the tables must be
/// exactly what these entries imply. Release entries have the subject <c>release/&lt;workflow&gt;/&lt;id&gt;</c>, waiver entries
/// <c>workflow/&lt;workflow&gt;</c>, identity entries <c>identity</c>, bank entries <c>bank:&lt;workflow&gt;/&lt;case&gt;</c>. The other types carry no table state.
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

    /// <summary>Evidence was added to a release: <c>run</c>, <c>digest</c>, <c>lines</c>, <c>target</c>.</summary>
    public const string EvidenceAdded = "evidence.added";

    /// <summary>Evidence was loaded by <c>releasegate db ingest</c>.</summary>
    public const string EvidenceIngested = "evidence.ingested";

    /// <summary>
    /// A release's review items were sampled, on new evidence or under a changed gate (subject <c>release/&lt;workflow&gt;/&lt;id&gt;</c>):
    /// <c>gate</c> and <c>evidence</c> (the digests sampled on), <c>seed</c>, <c>items</c> (the sample's size) and <c>by_review</c>,
    /// <c>added</c>, <c>kept</c>, <c>reopened</c> and <c>voided</c> (items on other evidence or no longer sampled), and <c>sample</c> (the
    /// digest of the sampled review, suite and case triples, which a decision compares with the stored items).
    /// </summary>
    public const string ReviewSampled = "review.sampled";

    /// <summary>A review verdict was given (subject <c>release/&lt;workflow&gt;/&lt;id&gt;</c>): <c>item</c> (the item's id, a number),
    /// <c>reviewer</c>, <c>pass</c> (true or false), <c>severity</c> (a string, or null or absent), <c>adjudication</c> (true or false; absent
    /// means false), <c>evidence</c> (the item's evidence digest); the actor is the reviewer. State-bearing: every review verdict row must
    /// have exactly one such entry with the same release, pass, severity and evidence.</summary>
    public const string ReviewVerdictGiven = "review.verdict";

    /// <summary>A case was banked (subject <c>bank:&lt;workflow&gt;/&lt;case&gt;</c>): <c>state</c> (<see cref="BankStates.Word"/>), <c>fingerprint</c>,
    /// and what the caller adds; the actor banked it. State-bearing: every bank case row must have one, and its state is that of its
    /// latest <see cref="BankAdded"/> or <see cref="BankChanged"/> entry.</summary>
    public const string BankAdded = "bank.added";

    /// <summary>A duplicate was linked to a banked case instead of being banked twice (subject <c>bank:&lt;workflow&gt;/&lt;case&gt;</c> of the
    /// existing case): <c>link</c> (its id), <c>case</c> (the id the duplicate came with). Carries no state.</summary>
    public const string BankLinked = "bank.linked";

    /// <summary>A bank case's state changed (subject <c>bank:&lt;workflow&gt;/&lt;case&gt;</c>): <c>state</c> (<see cref="BankStates.Word"/>),
    /// <c>reason</c>, and for a quarantine <c>owner</c> and <c>until</c>; the actor changed it. State-bearing, like <see cref="BankAdded"/>.</summary>
    public const string BankChanged = "bank.changed";

    /// <summary>A compliance run over a workflow's shipped releases finished; the payload counts what it found and names the findings it opened and resolved.</summary>
    public const string ComplianceRun = "compliance.run";

    /// <summary>A compliance run found a shipped release violating a compliance policy and opened a finding.</summary>
    public const string FindingOpened = "compliance.finding_opened";

    /// <summary>A member of a finding's owner group acknowledged it.</summary>
    public const string FindingAcknowledged = "compliance.finding_acknowledged";

    /// <summary>A finding was resolved: by a person, or by a run that found the rule holding again.</summary>
    public const string FindingResolved = "compliance.finding_resolved";

    /// <summary>An approval stage or a review item waited longer than its <c>escalate.after</c> and was escalated to another group.</summary>
    public const string Escalated = "escalation.raised";

    /// <summary>A gate was registered for a workflow: its digest and files.</summary>
    public const string GateRegistered = "gate.registered";

    /// <summary>The first admin was created on an empty database.</summary>
    public const string IdentityBootstrapped = "identity.bootstrapped";

    /// <summary>A user was added.</summary>
    public const string UserAdded = "user.added";

    /// <summary>A group was added.</summary>
    public const string GroupAdded = "group.added";

    /// <summary>A user was added to a group.</summary>
    public const string GroupMemberAdded = "group.member_added";

    /// <summary>A user was removed from a group.</summary>
    public const string GroupMemberRemoved = "group.member_removed";

    /// <summary>An API token was created (never the token itself).</summary>
    public const string TokenCreated = "token.created";

    /// <summary>An API token was revoked.</summary>
    public const string TokenRevoked = "token.revoked";

    /// <summary>The state-bearing types, whose table state must be exactly what their entries imply.</summary>
    public static IReadOnlyList<string> StateBearing { get; } =
        [ReleaseSubmitted, ReleaseCreated, ReleaseShipped, DecisionChanged, ApprovalGiven, ApprovalRejected, ApprovalsInvalidated, WaiverGranted, WaiverRevoked,
        ReviewVerdictGiven, BankAdded, BankChanged];

    /// <summary>A webhook subscription was added (never its secret).</summary>
    public const string WebhookAdded = "webhook.added";

    /// <summary>A webhook subscription was disabled.</summary>
    public const string WebhookDisabled = "webhook.disabled";

    /// <summary>A webhook delivery was queued to be sent again.</summary>
    public const string WebhookDeliveryReplayed = "webhook.delivery_replayed";
}
