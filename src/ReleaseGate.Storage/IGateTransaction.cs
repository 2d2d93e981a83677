namespace ReleaseGate.Storage;

/// <summary>
/// A unit of work: every write of one state change and its ledger entry commit together or not at all.
/// Dispose without <see cref="CommitAsync"/> rolls back.
/// </summary>
/// <remarks>
/// <para>Append the ledger entry in the same transaction as the change it records (<see cref="AppendLedgerAsync"/>).</para>
/// <para>Failures the caller can act on are <see cref="GateStoreException"/>s: <see cref="ConcurrencyConflictException"/> (stale version,
/// serialization failure; <see cref="DuplicateRecordException"/> for a taken unique key) and <see cref="RecordNotFoundException"/>. After any
/// exception the transaction is unusable: dispose it and start again.</para>
/// </remarks>
/// <threadsafety>Not thread-safe: one caller at a time.</threadsafety>
public interface IGateTransaction : IGateReader, IAsyncDisposable
{
    /// <summary>Commits every write.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards every write (also done by disposing without committing).</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a workflow, or updates its risk tier when it exists.</summary>
    Task<WorkflowRecord> UpsertWorkflowAsync(string name, string risk, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a gate version and makes it the workflow's current gate. A digest already stored for the workflow is not stored
    /// again (the stored text is kept); it becomes current again.
    /// </summary>
    /// <exception cref="RecordNotFoundException">The workflow does not exist.</exception>
    Task<GateVersionRecord> AddGateVersionAsync(string workflow, string digest, string yaml, string actor, CancellationToken cancellationToken = default);

    /// <summary>Makes a release the workflow's baseline (or clears it with null).</summary>
    /// <exception cref="RecordNotFoundException">The workflow or release does not exist, or the release is of another workflow.</exception>
    Task SetBaselineAsync(string workflow, long? releaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a release with <see cref="ReleaseRecord.RowVersion"/> 1. A version names one release within its workflow: the workflow's
    /// row is held until commit (PostgreSQL: <c>FOR UPDATE</c>) so that two submissions of one version cannot both pass the check.
    /// </summary>
    /// <exception cref="DuplicateRecordException">The workflow already has a release with this digest or this version.</exception>
    /// <exception cref="RecordNotFoundException">The workflow does not exist.</exception>
    Task<ReleaseRecord> AddReleaseAsync(NewRelease release, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a release and holds it until this transaction ends, so that writers on the same release queue instead of conflicting
    /// (PostgreSQL: <c>SELECT … FOR UPDATE</c>, which waits for the holder to commit and then returns the row as committed; SQLite:
    /// the write transaction is already exclusive). Null when no release has this id.
    /// </summary>
    Task<ReleaseRecord?> LockReleaseAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Changes a release if its version is still <paramref name="expectedRowVersion"/>; returns it with the version one more.</summary>
    /// <exception cref="ConcurrencyConflictException">Another writer changed the release since it was read.</exception>
    /// <exception cref="RecordNotFoundException">No release has this id.</exception>
    Task<ReleaseRecord> UpdateReleaseAsync(long releaseId, long expectedRowVersion, ReleaseUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an evaluation run and bulk-inserts its result lines (prepared batches on SQLite, binary COPY on PostgreSQL), all in this
    /// transaction. If the release already has a run with the same digest nothing is written, <paramref name="lines"/> is not read, and
    /// the stored run is returned with <see cref="EvidenceRunResult.Created"/> false.
    /// </summary>
    /// <exception cref="RecordNotFoundException">The release does not exist.</exception>
    Task<EvidenceRunResult> AddEvidenceRunAsync(NewEvidenceRun run, IAsyncEnumerable<EvidenceLine> lines, CancellationToken cancellationToken = default);

    /// <summary>Stores an attachment's bytes under their digest; storing the same digest again is a no-op. The caller computes the digest.</summary>
    Task<AttachmentRecord> PutAttachmentAsync(string digest, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Records that a release names an attachment; the same name again with the same digest is a no-op.</summary>
    /// <exception cref="DuplicateRecordException">The name is already bound to another digest.</exception>
    /// <exception cref="RecordNotFoundException">The release or the attachment does not exist.</exception>
    Task AddReleaseAttachmentAsync(long releaseId, string name, string digest, CancellationToken cancellationToken = default);

    /// <summary>Records a decision.</summary>
    /// <exception cref="RecordNotFoundException">The release does not exist.</exception>
    Task<DecisionRecord> AddDecisionAsync(NewDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Records an approval or rejection.</summary>
    /// <exception cref="DuplicateRecordException">The actor already has a valid approval in this stage of this release.</exception>
    /// <exception cref="RecordNotFoundException">The release does not exist.</exception>
    Task<ApprovalRecord> AddApprovalAsync(NewApproval approval, CancellationToken cancellationToken = default);

    /// <summary>Marks invalid every valid approval of the release given on another evidence digest than <paramref name="currentEvidenceDigest"/>; returns how many.</summary>
    Task<int> InvalidateApprovalsAsync(long releaseId, string currentEvidenceDigest, CancellationToken cancellationToken = default);

    /// <summary>Marks invalid the approvals of <paramref name="releaseId"/> named by <paramref name="approvalIds"/> that are still valid; returns how many changed.</summary>
    Task<int> InvalidateApprovalsAsync(long releaseId, IReadOnlyCollection<long> approvalIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores review items of a release sampled from the evidence <paramref name="evidenceDigest"/>, each <see cref="ReviewItemStatus.Open"/>;
    /// returns how many were added. An item already stored for the same release, evidence, review, suite, case, group, adjudicator group
    /// and k is not added again; one that differs in its group, adjudicator group or k is another item.
    /// </summary>
    /// <exception cref="RecordNotFoundException">The release does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An item needs fewer than one reviewer.</exception>
    Task<int> AddReviewItemsAsync(long releaseId, string evidenceDigest, IReadOnlyList<NewReviewItem> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// Voids every open, adjudication or settled item of the release sampled from other evidence than <paramref name="keepEvidenceDigest"/>,
    /// and drops their leases; returns how many items changed. Their verdicts are kept.
    /// </summary>
    Task<int> VoidReviewItemsAsync(long releaseId, string keepEvidenceDigest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a review item and holds it until this transaction ends (PostgreSQL: <c>FOR UPDATE</c>; SQLite: the write transaction is
    /// exclusive). Every writer of an item's leases and verdicts holds this lock. Null when no item has this id.
    /// </summary>
    Task<ReviewItemRecord?> LockReviewItemAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Moves a review item to <paramref name="state"/>; leaving the open and adjudication states drops its leases.</summary>
    /// <exception cref="RecordNotFoundException">No item has this id.</exception>
    Task SetReviewItemStateAsync(long id, ReviewItemStatus state, CancellationToken cancellationToken = default);

    /// <summary>
    /// The review queue: the item <paramref name="reviewer"/> holds a live lease on, its lease extended to <paramref name="lease"/> from
    /// now; else reserves the oldest item (by id) the reviewer may take, of the groups <paramref name="groups"/> and, when given, of the
    /// workflow <paramref name="workflow"/>:
    /// an open item of one of the groups, of a release pending, blocked or approved that the reviewer did not submit, that the reviewer
    /// has given no verdict on, with fewer non-adjudication verdicts plus live leases of others than it needs; or an item in adjudication
    /// whose adjudicator group is one of the groups, that the reviewer gave no verdict on, and that nobody else holds a live lease on.
    /// An item escalated to one of the groups (<see cref="AddEscalationAsync"/>, kind <c>review_item</c>) is offered as if that group
    /// were its own group (while open) or its adjudicator group (in adjudication). Null when there is none. Leases expire by the store's clock (<see cref="IGateStore.Clock"/>). An item is never reserved past its
    /// k, on any number of instances: PostgreSQL picks with <c>FOR UPDATE SKIP LOCKED</c> and counts again under the row lock; SQLite's
    /// write transactions are exclusive.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lease"/> is not positive.</exception>
    Task<ReviewLease?> NextReviewItemAsync(string reviewer, IReadOnlyCollection<string> groups, TimeSpan lease, string? workflow, CancellationToken cancellationToken = default);

    /// <summary>Gives an item back to the queue: drops <paramref name="reviewer"/>'s lease on it; false when there was none.</summary>
    Task<bool> ReleaseReviewLeaseAsync(long itemId, string reviewer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a verdict, bound to the item's evidence digest, under the item's row lock, and drops the reviewer's lease on the item.
    /// The caller checks that the reviewer may give it; the store guarantees one verdict per reviewer, item and adjudication flag.
    /// </summary>
    /// <exception cref="DuplicateRecordException">The reviewer already gave a verdict on this item (with the same adjudication flag).</exception>
    /// <exception cref="RecordNotFoundException">No item has this id.</exception>
    /// <exception cref="ReviewPlaceTakenException">The item is not waiting for this kind of verdict, or its places are held by the verdicts given and other reviewers' live leases: never past k.</exception>
    Task<ReviewVerdictRecord> AddReviewVerdictAsync(NewReviewVerdict verdict, CancellationToken cancellationToken = default);

    /// <summary>Grants a waiver.</summary>
    /// <exception cref="RecordNotFoundException">The workflow does not exist.</exception>
    Task<WaiverRecord> GrantWaiverAsync(NewWaiver waiver, CancellationToken cancellationToken = default);

    /// <summary>Revokes a waiver; the row stays with who, when and why.</summary>
    /// <exception cref="RecordNotFoundException">No waiver has this id.</exception>
    /// <exception cref="ConcurrencyConflictException">It is already revoked.</exception>
    Task<WaiverRecord> RevokeWaiverAsync(long waiverId, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Creates a user.</summary>
    /// <exception cref="DuplicateRecordException">The name is taken.</exception>
    Task<UserRecord> AddUserAsync(string name, string displayName, CancellationToken cancellationToken = default);

    /// <summary>Creates a group.</summary>
    /// <exception cref="DuplicateRecordException">The name is taken.</exception>
    Task<GroupRecord> AddGroupAsync(string name, string description, CancellationToken cancellationToken = default);

    /// <summary>Adds a user to a group; a member already in it is a no-op.</summary>
    /// <exception cref="RecordNotFoundException">The user or the group does not exist.</exception>
    Task AddMembershipAsync(string groupName, string userName, CancellationToken cancellationToken = default);

    /// <summary>Removes a user from a group; returns false when the user was not a member.</summary>
    Task<bool> RemoveMembershipAsync(string groupName, string userName, CancellationToken cancellationToken = default);

    /// <summary>Stores an API token's hash.</summary>
    /// <exception cref="RecordNotFoundException">The user does not exist.</exception>
    /// <exception cref="DuplicateRecordException">The hash is already stored.</exception>
    Task<ApiTokenRecord> AddApiTokenAsync(NewApiToken token, CancellationToken cancellationToken = default);

    /// <summary>Revokes an API token.</summary>
    /// <exception cref="RecordNotFoundException">No token has this id.</exception>
    Task<ApiTokenRecord> RevokeApiTokenAsync(long tokenId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Banks a case, de-duplicated among the workflow's non-retired cases by <see cref="NewBankCase.Fingerprint"/>. A new case is stored
    /// with <see cref="BankCaseRecord.RowVersion"/> 1 and its first event (its state, reason <c>added</c>). A duplicate is not stored
    /// again: a link records its provenance on the existing case (<see cref="BankAddResult.Added"/> false), unless the case or one of its
    /// links already has the same provenance <c>source</c> and <c>reference</c>, when nothing is written. Race-free on any number of
    /// instances: a unique index over the non-retired fingerprints decides, and a concurrent add of the same fingerprint becomes a link.
    /// The store does not write the ledger entry (<see cref="LedgerEvents.BankAdded"/> or <see cref="LedgerEvents.BankLinked"/>): the caller
    /// appends it in this transaction, after this call (an add may wait for a concurrent add; holding the ledger head meanwhile could deadlock).
    /// </summary>
    /// <param name="bankCase">The case.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="BankCaseIdTakenException">The workflow's bank already uses the case id for a case with another fingerprint.</exception>
    /// <exception cref="RecordNotFoundException">The workflow does not exist.</exception>
    Task<BankAddResult> AddBankCaseAsync(NewBankCase bankCase, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a bank case's state, holding its row until commit (PostgreSQL: <c>FOR UPDATE</c>): the quarantine's reason, owner and
    /// expiry are kept while it is quarantined and cleared when it leaves quarantine; the retirement's reason is kept while it is retired.
    /// Bumps <see cref="BankCaseRecord.RowVersion"/> and writes an event. The store does not judge whether the transition is allowed,
    /// and does not write the ledger entry (<see cref="LedgerEvents.BankChanged"/>): the caller does both, appending the entry after this call.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="caseId">The case id.</param>
    /// <param name="expectedRowVersion">The version the caller read, or null to change whatever is stored.</param>
    /// <param name="change">The new state and why.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="RecordNotFoundException">The workflow's bank has no such case.</exception>
    /// <exception cref="ConcurrencyConflictException">The case changed since <paramref name="expectedRowVersion"/>.</exception>
    /// <exception cref="BankFingerprintTakenException">A retired case would return while another non-retired case has its fingerprint.</exception>
    Task<BankCaseRecord> ChangeBankCaseAsync(string workflow, string caseId, long? expectedRowVersion, BankChange change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an entry to the ledger, chained to the current head. On PostgreSQL appends from concurrent transactions are
    /// serialised (the head row is locked until commit) while readers never wait; on SQLite a write transaction is exclusive anyway.
    /// </summary>
    Task<LedgerEntry> AppendLedgerAsync(NewLedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Stores a webhook subscription, active.</summary>
    /// <param name="webhook">The subscription.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="ArgumentException"><see cref="NewWebhook.Events"/> is empty or holds an empty word.</exception>
    /// <exception cref="RecordNotFoundException">The release it is scoped to does not exist.</exception>
    Task<WebhookRecord> AddWebhookAsync(NewWebhook webhook, CancellationToken cancellationToken = default);

    /// <summary>
    /// Disables a subscription: it receives no more events, and its pending deliveries are no longer claimed (they stay pending).
    /// Disabling a disabled subscription changes nothing and returns it as it is.
    /// </summary>
    /// <param name="id">The subscription.</param>
    /// <param name="actor">Who disables it.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="RecordNotFoundException">No subscription has that id.</exception>
    Task<WebhookRecord> DisableWebhookAsync(long id, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts an event in the outbox of this transaction, in one statement: one pending delivery, due now, per active subscription whose
    /// workflow is null or the event's, whose release is null or the event's, and whose events hold the event's type or <c>*</c>; or,
    /// when <see cref="NewWebhookEvent.OnlyWebhookId"/> is set, for that subscription only (if active), whatever it subscribed to.
    /// A subscription already holding a delivery of the event id gets none.
    /// </summary>
    /// <param name="e">The event.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>How many deliveries were created.</returns>
    Task<int> EnqueueWebhookEventAsync(NewWebhookEvent e, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries (pending, next attempt at or before now, subscription not disabled), oldest
    /// first, by moving their next attempt to now + <paramref name="claimFor"/>: another deliverer does not see them until then, and a
    /// crashed deliverer's claims come due again. On PostgreSQL rows another transaction is claiming are skipped, not waited for
    /// (<c>FOR UPDATE SKIP LOCKED</c>). Commit the transaction before sending.
    /// </summary>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="claimFor">How long the claim holds (positive).</param>
    /// <param name="cancellationToken">Stops the write.</param>
    Task<IReadOnlyList<WebhookDeliveryRecord>> ClaimDueDeliveriesAsync(int limit, TimeSpan claimFor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records one try at sending a delivery: attempts + 1, last attempt now, its status and error (cut to 1,000 characters); delivered
    /// (delivered at now), or pending again due at <see cref="DeliveryAttempt.RetryAt"/>, or dead when that is null.
    /// </summary>
    /// <param name="id">The delivery.</param>
    /// <param name="attempt">What happened.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="RecordNotFoundException">No delivery has that id.</exception>
    Task<WebhookDeliveryRecord> RecordDeliveryAttemptAsync(long id, DeliveryAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a dead (or delivered) delivery again: pending, attempts 0, due now, delivered at cleared (the last try's status and error
    /// are kept). A pending delivery is returned as it is.
    /// </summary>
    /// <param name="id">The delivery.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="RecordNotFoundException">No delivery has that id.</exception>
    Task<WebhookDeliveryRecord> ReplayDeliveryAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a compliance run (started now, totals 0). A scheduled run of a workflow and <see cref="NewComplianceRun.ScheduledFor"/>
    /// happens once: when one exists this returns null and the transaction stays usable. On PostgreSQL a second instance starting the
    /// same scheduled run while the first transaction is open waits for it, then gets null (or the run, if the first rolled back).
    /// Manual runs never collide.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="NewComplianceRun.Trigger"/> is neither <c>schedule</c> nor <c>manual</c>.</exception>
    /// <exception cref="RecordNotFoundException">The workflow does not exist.</exception>
    Task<ComplianceRunRecord?> StartComplianceRunAsync(NewComplianceRun run, CancellationToken cancellationToken = default);

    /// <summary>Ends a compliance run now with its totals.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="totals">What it counted, and its error if it failed.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="RecordNotFoundException">No run has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">The run already ended.</exception>
    Task<ComplianceRunRecord> FinishComplianceRunAsync(long runId, ComplianceRunTotals totals, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a finding (open, row version 1, opened now by <see cref="NewFinding.RunId"/>). One unresolved finding per release and
    /// policy: a unique index decides, and the transaction stays usable when it refuses.
    /// </summary>
    /// <param name="f">The finding.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="DuplicateRecordException">The release already has an unresolved finding of the policy.</exception>
    /// <exception cref="RecordNotFoundException">The release or run does not exist, or the release is not of <see cref="NewFinding.Workflow"/>.</exception>
    Task<FindingRecord> OpenFindingAsync(NewFinding f, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an open finding, holding its row until commit (PostgreSQL: <c>FOR UPDATE</c>); bumps its row version.</summary>
    /// <param name="id">The finding.</param>
    /// <param name="actor">Who acknowledges it.</param>
    /// <param name="note">What they say.</param>
    /// <param name="expectedRowVersion">The version the caller read, or null to act on whatever is stored.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="RecordNotFoundException">No finding has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">It changed since <paramref name="expectedRowVersion"/>.</exception>
    /// <exception cref="FindingStateException">It is not open.</exception>
    Task<FindingRecord> AcknowledgeFindingAsync(long id, string actor, string note, long? expectedRowVersion, CancellationToken cancellationToken = default);

    /// <summary>Resolves an open or acknowledged finding, holding its row until commit; bumps its row version.</summary>
    /// <param name="id">The finding.</param>
    /// <param name="actor">Who resolves it.</param>
    /// <param name="resolution">Why it is resolved.</param>
    /// <param name="runId">The compliance run that resolved it, if a run did.</param>
    /// <param name="expectedRowVersion">The version the caller read, or null to act on whatever is stored.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="RecordNotFoundException">No finding (or no run) has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">It changed since <paramref name="expectedRowVersion"/>.</exception>
    /// <exception cref="FindingStateException">It is already resolved.</exception>
    Task<FindingRecord> ResolveFindingAsync(long id, string actor, string resolution, long? runId, long? expectedRowVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an escalation (escalated now). Each release, kind, target and level escalates once: when that one exists this returns
    /// null and the transaction stays usable. An escalation of kind <c>review_item</c> offers the item to <see cref="NewEscalation.ToGroup"/>'s
    /// members in the review queue as if it were the item's own group.
    /// </summary>
    /// <param name="e">The escalation.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="NewEscalation.Kind"/> is neither <c>stage</c> nor <c>review_item</c>.</exception>
    /// <exception cref="RecordNotFoundException">The release does not exist.</exception>
    Task<EscalationRecord?> AddEscalationAsync(NewEscalation e, CancellationToken cancellationToken = default);
}
