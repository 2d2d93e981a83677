using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage.Sql;

/// <summary>The text of every storage error message, in one place so that tests can assert it.</summary>
internal static class StorageMessages
{
    public static string Unavailable(string detail) =>
        $"the database cannot be opened or reached: {detail}. Check the path or connection string given with --db or RELEASEGATE_DB, and that the server is running.";

    public static string SchemaTooNew(int found, int known) =>
        $"the database is at schema version {found}, but this ReleaseGate knows versions up to {known}: it was migrated by a newer release. Upgrade ReleaseGate; never point an older one at it.";

    public static string MigrationFailed(int version, string name, string detail) =>
        $"migration {version} ({name}) failed and was rolled back: {detail}. Fix the cause and start again; the database is unchanged.";

    public static string NotMigrated(int found, int known) =>
        $"the database is at schema version {found} and this ReleaseGate needs {known}; open it with migrations enabled to bring it up to date.";

    public static string Duplicate(string detail) =>
        $"a record with the same key already exists ({detail}). Read the existing record instead of adding it again.";

    public static string ForeignKey(string detail) =>
        $"a record refers to another that does not exist ({detail}). Create the workflow, release, user or attachment first.";

    public static string Busy(string detail) =>
        $"another writer holds or changed the same records ({detail}). The transaction was rolled back: read again and retry.";

    public static string Retention(string detail) =>
        $"the store refused to change or delete a kept record ({detail}): evidence, decisions and ledger entries are never rewritten or deleted.";

    public static string StaleRelease(long id, long expected, long actual) =>
        $"release {id} changed since it was read (version {expected} expected, {actual} found). Read it again and decide on the new state.";

    public static string ReleaseMissing(long id) => $"no release has id {id}.";

    public static string WorkflowMissing(string name) => $"no workflow is named '{name}'; store the workflow first.";

    public static string VersionTaken(string workflow, string version, string digest) =>
        $"workflow '{workflow}' already has a release with version '{version}' ({digest}); a version names one release: give this one a new version.";

    public static string ReleaseOfOtherWorkflow(long id, string workflow) => $"release {id} is not a release of workflow '{workflow}'.";

    public static string WaiverMissing(long id) => $"no waiver has id {id}.";

    public static string WaiverRevoked(long id) => $"waiver {id} is already revoked.";

    public static string TokenMissing(long id) => $"no API token has id {id}.";

    public static string AttachmentBoundElsewhere(long releaseId, string name, string digest) =>
        $"release {releaseId} already names attachment '{name}' with digest {digest}; a release's attachments never change.";

    public static string ReviewItemMissing(long id) => $"no review item has id {id}.";

    public static string ReviewVerdictTaken(long itemId, string reviewer, bool adjudication) =>
        $"'{reviewer}' already gave {(adjudication ? "the adjudicating verdict" : "a verdict")} on review item {itemId}; one person counts once per item.";

    public static string ReviewItemNotTaking(long itemId, string state, bool adjudication) =>
        $"review item {itemId} is {state} and takes no {(adjudication ? "adjudicating verdict" : "reviewer's verdict")}; ask the queue for the next item.";

    public static string ReviewItemFull(long itemId, int places, bool adjudication) =>
        $"review item {itemId} already has its {places} {(adjudication ? "adjudicator" : places == 1 ? "reviewer" : "reviewers")}, given or holding a live lease; " +
        "the lease on it lapsed or was never taken. Ask the queue for the next item.";

    public static string BankCaseIdTaken(string workflow, string caseId, string fingerprint, BankState state, string newFingerprint) =>
        fingerprint == newFingerprint
            ? $"the regression bank of workflow '{workflow}' already has a case '{caseId}' with this input, {BankStates.Word(state)}; a case id names one case of a bank, " +
              "retired ones included. Bring the retired case back by changing its state, or bank this one under another id."
            : $"the regression bank of workflow '{workflow}' already has a case '{caseId}' ({BankStates.Word(state)}, fingerprint {fingerprint}), and this case's input " +
              $"has another fingerprint ({newFingerprint}); a case id names one case of a bank, retired ones included. Give the case another id.";

    public static string BankAddContended(string workflow, string caseId) =>
        $"case '{caseId}' could not be banked in workflow '{workflow}': other writers kept changing cases with the same id or fingerprint. Try again.";

    public static string BankCaseMissing(string workflow, string caseId) => $"the regression bank of workflow '{workflow}' has no case '{caseId}'.";

    public static string StaleBankCase(string workflow, string caseId, long expected, long actual) =>
        $"bank case '{caseId}' of workflow '{workflow}' changed since it was read (version {expected} expected, {actual} found). Read it again and decide on the new state.";

    public static string BankFingerprintTaken(string workflow, string caseId, string? holder) =>
        $"retired bank case '{caseId}' of workflow '{workflow}' cannot return: {(holder is null ? "another case" : $"case '{holder}'")} is banked with the same input " +
        "(fingerprint) and not retired, and a bank holds one live case per input. Retire that case first, or keep this one retired.";

    public static string ParameterNotInSql(string name, string sql) =>
        $"the parameters have a property '{name}' that the SQL does not name as @{name}: {sql}. Name it in the SQL or drop the property.";

    public static string ParameterNotReadable(Type bag, string name) =>
        $"the parameter type {bag.Name} has a property '{name}' that cannot be read as a parameter (an indexer or a write-only property); use an anonymous object.";

    public static string ParameterTypeNotSupported(Type type, string name) =>
        $"parameter '{name}' is of type {type.Name}, which no column holds (lists are not expanded); pass a string, number, bool, enum, DateTimeOffset, DateTime, Guid or byte[].";

    public static string LedgerHeadRows(int found) =>
        $"the ledger_head table must hold exactly one row and holds {(found == 0 ? "none" : "more than one")}: the database was changed behind ReleaseGate's back. Restore it from a backup.";

    public static string WebhookEventsEmpty() =>
        "a webhook subscription needs at least one event type word, and no empty one; give '*' to receive every event.";

    public static string WebhookMissing(long id) => $"no webhook subscription has id {id}.";

    public static string DeliveryMissing(long id) => $"no webhook delivery has id {id}.";

    public static string UnknownTrigger(string trigger) => $"a compliance run is started by 'schedule' or 'manual', not '{trigger}'.";

    public static string UnknownEscalationKind(string kind) => $"an escalation is of a 'stage' or a 'review_item', not '{kind}'.";

    public static string RunMissing(long id) => $"no compliance run has id {id}.";

    public static string RunEnded(long id, DateTimeOffset endedAt) =>
        $"compliance run {id} already ended at {endedAt:O}; a run's totals are written once. Start a new run to check again.";

    public static string FindingMissing(long id) => $"no compliance finding has id {id}.";

    public static string StaleFinding(long id, long expected, long actual) =>
        $"finding {id} changed since it was read (version {expected} expected, {actual} found). Read it again and decide on the new state.";

    public static string FindingUnresolved(long releaseId, string policy, long? existing) =>
        $"release {releaseId} already has an unresolved finding of policy '{policy}'{(existing is { } id ? $" (finding {id})" : "")}; " +
        "a release has one unresolved finding per policy. Leave that finding open, or resolve it before opening another.";

    public static string FindingNotOpen(long id, string state) =>
        $"finding {id} is {state}, and only an open finding is acknowledged. Read the finding again: someone acknowledged or resolved it first.";

    public static string FindingResolved(long id, string? by, DateTimeOffset? at) =>
        $"finding {id} is already resolved{(by is null ? "" : $" by '{by}'")}{(at is { } t ? $" at {t:O}" : "")}, and a resolved finding stays resolved. " +
        "If the release still violates the policy, the next compliance run opens a new finding.";
}
