using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage;

/// <summary>
/// The reads every store and every transaction offers. On a store each call runs on its own connection and never waits for
/// writers (WAL on SQLite, MVCC on PostgreSQL); inside a transaction it sees the transaction's own writes.
/// </summary>
/// <remarks>Methods that return a single record return null when there is none.</remarks>
public interface IGateReader
{
    /// <summary>A workflow by name.</summary>
    Task<WorkflowRecord?> GetWorkflowAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every workflow, by name.</summary>
    Task<IReadOnlyList<WorkflowRecord>> ListWorkflowsAsync(CancellationToken cancellationToken = default);

    /// <summary>One gate version of a workflow by its digest.</summary>
    Task<GateVersionRecord?> GetGateVersionAsync(string workflow, string digest, CancellationToken cancellationToken = default);

    /// <summary>Every gate version of a workflow, oldest first.</summary>
    Task<IReadOnlyList<GateVersionRecord>> ListGateVersionsAsync(string workflow, CancellationToken cancellationToken = default);

    /// <summary>A release by id.</summary>
    Task<ReleaseRecord?> GetReleaseAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>A release of a workflow by its digest.</summary>
    Task<ReleaseRecord?> GetReleaseByDigestAsync(string workflow, string digest, CancellationToken cancellationToken = default);

    /// <summary>The release of a workflow with this version (a version names one release within its workflow).</summary>
    Task<ReleaseRecord?> GetReleaseByVersionAsync(string workflow, string version, CancellationToken cancellationToken = default);

    /// <summary>Releases, newest first, optionally of one workflow and/or in one state.</summary>
    Task<IReadOnlyList<ReleaseRecord>> ListReleasesAsync(string? workflow = null, ReleaseState? state = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>The evaluation runs stored for a release, oldest first.</summary>
    Task<IReadOnlyList<EvidenceRunRecord>> ListEvidenceRunsAsync(long releaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every result line of a release's runs, run by run in the order stored, each run in line order. Lines are read in
    /// pages, never all held in memory.
    /// </summary>
    IAsyncEnumerable<EvidenceLine> ReadResultLinesAsync(long releaseId, CancellationToken cancellationToken = default);

    /// <summary>Streams the result lines of one run in line order.</summary>
    IAsyncEnumerable<EvidenceLine> ReadRunLinesAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The stored lines of one case in evidence run <paramref name="runId"/>, in line order: what a reviewer reads.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="suite">The case's suite.</param>
    /// <param name="caseId">The case id.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    IAsyncEnumerable<EvidenceLine> ReadCaseLinesAsync(long runId, string suite, string caseId, CancellationToken cancellationToken = default);

    /// <summary>An attachment by its digest.</summary>
    Task<AttachmentRecord?> GetAttachmentAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>The attachments a release names.</summary>
    Task<IReadOnlyList<ReleaseAttachmentRecord>> ListReleaseAttachmentsAsync(long releaseId, CancellationToken cancellationToken = default);

    /// <summary>The decisions recorded for a release, oldest first.</summary>
    Task<IReadOnlyList<DecisionRecord>> ListDecisionsAsync(long releaseId, CancellationToken cancellationToken = default);

    /// <summary>The latest decision recorded for a release.</summary>
    Task<DecisionRecord?> GetLatestDecisionAsync(long releaseId, CancellationToken cancellationToken = default);

    /// <summary>The approvals of a release, oldest first; invalidated ones only when asked for.</summary>
    Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(long releaseId, bool includeInvalidated = false, CancellationToken cancellationToken = default);

    /// <summary>A waiver by id.</summary>
    Task<WaiverRecord?> GetWaiverAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>A workflow's waivers, oldest first; revoked ones only when asked for. Expiry is the decision engine's business, not a filter here.</summary>
    Task<IReadOnlyList<WaiverRecord>> ListWaiversAsync(string workflow, bool includeRevoked = false, CancellationToken cancellationToken = default);

    /// <summary>A user by name.</summary>
    Task<UserRecord?> GetUserAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A group by name.</summary>
    Task<GroupRecord?> GetGroupAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The names of the groups a user belongs to, sorted.</summary>
    Task<IReadOnlyList<string>> ListGroupsOfUserAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>The names of a group's members, sorted.</summary>
    Task<IReadOnlyList<string>> ListMembersAsync(string groupName, CancellationToken cancellationToken = default);

    /// <summary>An API token by its hash (<see cref="ApiTokenHash.Compute"/>), revoked or not: the caller checks <see cref="ApiTokenRecord.RevokedAt"/> and expiry.</summary>
    Task<ApiTokenRecord?> FindApiTokenAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>An API token by its id, revoked or not, or null.</summary>
    Task<ApiTokenRecord?> GetApiTokenAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The API tokens of one user, or of everyone when <paramref name="userName"/> is null, revoked and expired ones included, by id.</summary>
    Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(string? userName = null, CancellationToken cancellationToken = default);

    /// <summary>The review items of a release, by id; void ones (sampled on replaced evidence) only when asked for.</summary>
    Task<IReadOnlyList<ReviewItemRecord>> ListReviewItemsAsync(long releaseId, bool includeVoid = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// The items waiting for reviewers, oldest first, at most <paramref name="limit"/>: those open or in adjudication, of releases
    /// pending, blocked or approved. With <paramref name="group"/>, only open items of that group and items in adjudication whose
    /// adjudicator group it is, and waiting items escalated to it (an escalation of kind <c>review_item</c> naming the item, to
    /// <paramref name="group"/>); with <paramref name="workflow"/>, only items of that workflow's releases.
    /// </summary>
    Task<IReadOnlyList<ReviewItemRecord>> ListOpenReviewItemsAsync(string? group, string? workflow, int limit, CancellationToken cancellationToken = default);

    /// <summary>A review item by id.</summary>
    Task<ReviewItemRecord?> GetReviewItemAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Every verdict given on the items of a release, void items included, by id.</summary>
    Task<IReadOnlyList<ReviewVerdictRecord>> ListReviewVerdictsAsync(long releaseId, CancellationToken cancellationToken = default);

    /// <summary>The verdicts given on one item, by id.</summary>
    Task<IReadOnlyList<ReviewVerdictRecord>> ListReviewVerdictsOfItemAsync(long itemId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every group's queue (<see cref="ReviewQueueStats"/>), by group name: the open items counted under their group, the items in
    /// adjudication under their adjudicator group, of releases pending, blocked or approved. Groups with no waiting item are left out.
    /// </summary>
    Task<IReadOnlyList<ReviewQueueStats>> ReviewQueueStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>A case of a workflow's regression bank, in any state.</summary>
    Task<BankCaseRecord?> GetBankCaseAsync(string workflow, string caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams a workflow's bank in case-id order (ordinal), optionally only the cases in <paramref name="states"/> (all when null or
    /// empty). Rows are streamed from one query, never all held in memory.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="states">The states to read, or null for every state.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    IAsyncEnumerable<BankCaseRecord> ReadBankAsync(string workflow, IReadOnlyCollection<BankState>? states = null, CancellationToken cancellationToken = default);

    /// <summary>How many cases a workflow's bank holds, in every state.</summary>
    Task<int> CountBankAsync(string workflow, CancellationToken cancellationToken = default);

    /// <summary>
    /// The workflow's bank as it stood at <paramref name="at"/>, in case-id order: every case banked at or before it, with the state,
    /// quarantine and retirement of its last event at or before it (a case's definition never changes). One query.
    /// <see cref="BankCaseRecord.UpdatedAt"/> is that event's time, <see cref="BankCaseRecord.RowVersion"/> the number of events up to it,
    /// and <see cref="BankCaseRecord.Links"/> the links made up to it.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="at">The time (a release's submission, say).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyList<BankCaseRecord>> BankAsOfAsync(string workflow, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The duplicates linked to a bank case, oldest first.</summary>
    Task<IReadOnlyList<BankLinkRecord>> ListBankLinksAsync(long bankCaseId, CancellationToken cancellationToken = default);

    /// <summary>The states a bank case went through, oldest first: its first event is its banking.</summary>
    Task<IReadOnlyList<BankEventRecord>> ListBankEventsAsync(long bankCaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// How a bank case fared in each release of the workflow that replayed it: the stored lines of <paramref name="suite"/> and
    /// <paramref name="caseId"/> in every evidence run of every release of <paramref name="workflow"/> (every stored run is part of what
    /// a release is decided on), by release id, then run, then line. Releases without such a line are left out.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="suite">The suite the bank is replayed as.</param>
    /// <param name="caseId">The case id.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    IAsyncEnumerable<BankReplayLine> ReadBankReplaysAsync(string workflow, string suite, string caseId, CancellationToken cancellationToken = default);

    /// <summary>The ledger's last entry, or null when it is empty.</summary>
    Task<LedgerEntry?> GetLedgerHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams ledger entries with <see cref="LedgerEntry.Seq"/> greater than <paramref name="afterSeq"/>, in order, at most <paramref name="limit"/> (all when null).</summary>
    IAsyncEnumerable<LedgerEntry> ReadLedgerAsync(long afterSeq = 0, long? limit = null, CancellationToken cancellationToken = default);

    /// <summary>The ledger entries about one subject, in order.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListLedgerBySubjectAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest ledger entry about one subject, or null when there is none. One indexed row: cheap enough to poll, so that
    /// every instance can tell whether anything about the subject changed since it last looked.
    /// </summary>
    Task<LedgerEntry?> GetLatestLedgerEntryAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>A scheduler lease by name, expired or not (compare <see cref="SchedulerLease.ExpiresAt"/> with the store clock).</summary>
    Task<SchedulerLease?> GetLeaseAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A webhook subscription by id, disabled or not.</summary>
    Task<WebhookRecord?> GetWebhookAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Webhook subscriptions by id.</summary>
    /// <param name="workflow">When given, the subscriptions of that workflow and those for every workflow; otherwise all.</param>
    /// <param name="includeDisabled">Whether disabled subscriptions are listed too.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(string? workflow = null, bool includeDisabled = false, CancellationToken cancellationToken = default);

    /// <summary>A webhook delivery by id.</summary>
    Task<WebhookDeliveryRecord?> GetDeliveryAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Webhook deliveries, newest first.</summary>
    /// <param name="webhookId">When given, only that subscription's.</param>
    /// <param name="state">When given, only those in that state.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyList<WebhookDeliveryRecord>> ListDeliveriesAsync(
        long? webhookId = null, DeliveryState? state = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>How many deliveries are in each state (every state is a key, zero included): for metrics.</summary>
    Task<IReadOnlyDictionary<DeliveryState, long>> CountDeliveriesAsync(CancellationToken cancellationToken = default);

    /// <summary>A compliance run by id.</summary>
    Task<ComplianceRunRecord?> GetComplianceRunAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>A workflow's latest compliance run by <see cref="ComplianceRunRecord.ScheduledFor"/>, then id; of one trigger when <paramref name="trigger"/> is given.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="trigger"><c>schedule</c>, <c>manual</c>, or null for either.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<ComplianceRunRecord?> GetLatestComplianceRunAsync(string workflow, string? trigger = null, CancellationToken cancellationToken = default);

    /// <summary>Compliance runs, newest first (by id).</summary>
    /// <param name="workflow">When given, only that workflow's.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyList<ComplianceRunRecord>> ListComplianceRunsAsync(string? workflow = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>A compliance finding by id.</summary>
    Task<FindingRecord?> GetFindingAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Compliance findings, newest first (by id).</summary>
    /// <param name="workflow">When given, only that workflow's.</param>
    /// <param name="states">When given (and not empty), only those in one of these states.</param>
    /// <param name="releaseId">When given, only that release's.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyList<FindingRecord>> ListFindingsAsync(
        string? workflow = null, IReadOnlyCollection<FindingState>? states = null, long? releaseId = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>A release's escalations, by id.</summary>
    Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(long releaseId, CancellationToken cancellationToken = default);
}
