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
    /// Appends an entry to the ledger, chained to the current head. On PostgreSQL appends from concurrent transactions are
    /// serialised (the head row is locked until commit) while readers never wait; on SQLite a write transaction is exclusive anyway.
    /// </summary>
    Task<LedgerEntry> AppendLedgerAsync(NewLedgerEntry entry, CancellationToken cancellationToken = default);
}
