using System.Data.Common;
using System.Text.Json;

namespace ReleaseGate.Storage.Sql;

/// <summary>Column lists and the mapping of rows to records; each <c>*Columns</c> list matches its reader's ordinals.</summary>
internal static class Rows
{
    public const string WorkflowColumns = "name, risk, current_gate_digest, baseline_release_id, created_at, updated_at";

    public const string GateVersionColumns = "id, workflow, digest, yaml, created_by, created_at";

    public const string ReleaseColumns =
        "id, workflow, version, digest, manifest_yaml, submitter, gate_digest, state, row_version, created_at, updated_at";

    public const string RunColumns = "id, release_id, digest, source, uploaded_by, line_count, created_at";

    public const string LineColumns = "line_no, suite, case_id, repeat, target, pass, error, score, latency_ms, cost, line";

    public const string DecisionColumns =
        "id, release_id, verdict, gate_digest, release_digest, evidence_digest, baseline_digest, decision_json, actor, created_at";

    public const string ApprovalColumns =
        "id, release_id, stage, actor, release_digest, evidence_digest, gate_digest, stage_digest, verdict, comment, invalidated, created_at";

    public const string WaiverColumns =
        "id, workflow, check_pattern, release_ref, reason, granted_by, granted_at, expires_at, revoked_at, revoked_by, revoke_reason";

    public const string TokenColumns = "id, user_name, name, token_hash, scopes, created_at, expires_at, revoked_at";

    /// <summary>The columns of a review item, read from <see cref="ReviewItemFrom"/> (the workflow from its release).</summary>
    public const string ReviewItemColumns =
        "i.id, i.release_id, r.workflow, i.review, i.suite, i.case_id, i.reason, i.group_name, i.adjudicator_group, i.needed, i.evidence_digest, " +
        "i.state, i.created_at, i.updated_at";

    /// <summary>Review items (alias <c>i</c>) joined with their releases (alias <c>r</c>).</summary>
    public const string ReviewItemFrom = "review_items i JOIN releases r ON r.id = i.release_id";

    public const string ReviewVerdictColumns =
        "id, item_id, release_id, reviewer, pass, severity, comment, add_to_bank, adjudication, evidence_digest, created_at";

    public const string LedgerColumns = "seq, time, actor, type, subject, payload, prev_hash, hash";

    public static WorkflowRecord Workflow(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), NullableString(r, 2), NullableLong(r, 3), Time(r, 4), Time(r, 5));

    public static GateVersionRecord GateVersion(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Time(r, 5));

    public static ReleaseRecord Release(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        ReleaseStates.Parse(r.GetString(7)), r.GetInt64(8), Time(r, 9), Time(r, 10));

    public static EvidenceRunRecord Run(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), Time(r, 6));

    public static EvidenceLine Line(DbDataReader r) => LineAt(r, 0);

    /// <summary>A line whose <see cref="LineColumns"/> start at ordinal <paramref name="o"/>.</summary>
    public static EvidenceLine LineAt(DbDataReader r, int o) => new(
        r.GetInt64(o), r.GetString(o + 1), r.GetString(o + 2), r.GetInt32(o + 3), r.GetString(o + 4),
        r.IsDBNull(o + 5) ? null : r.GetBoolean(o + 5), NullableString(r, o + 6), NullableDouble(r, o + 7), NullableDouble(r, o + 8), NullableDouble(r, o + 9),
        r.GetString(o + 10));

    public static DecisionRecord Decision(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), NullableString(r, 6),
        r.GetString(7), r.GetString(8), Time(r, 9));

    public static ApprovalRecord Approval(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        Names.ApprovalVerdictOf(r.GetString(8)), NullableString(r, 9), r.GetBoolean(10), Time(r, 11));

    public static WaiverRecord Waiver(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetString(4), r.GetString(5), Time(r, 6), Time(r, 7),
        NullableTime(r, 8), NullableString(r, 9), NullableString(r, 10));

    public static ApiTokenRecord Token(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), ScopesOf(r.GetString(4)), Time(r, 5), NullableTime(r, 6), NullableTime(r, 7));

    public static LedgerEntry Ledger(DbDataReader r) => new(
        r.GetInt64(0), Time(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7));

    public static ReviewItemRecord ReviewItem(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8),
        r.GetInt32(9), r.GetString(10), ReviewItemStates.Parse(r.GetString(11)), Time(r, 12), Time(r, 13));

    public static ReviewVerdictRecord ReviewVerdict(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetBoolean(4), NullableString(r, 5), r.GetString(6), r.GetBoolean(7), r.GetBoolean(8),
        r.GetString(9), Time(r, 10));

    public static string ScopesText(IReadOnlyList<string> scopes) => JsonSerializer.Serialize(scopes, StorageJsonContext.Default.IReadOnlyListString);

    private static string[] ScopesOf(string text) => JsonSerializer.Deserialize(text, StorageJsonContext.Default.StringArray) ?? [];

    public static DateTimeOffset Time(DbDataReader r, int i) =>
        r.GetFieldType(i) == typeof(string) && TextTime.TryParseUtc(r.GetString(i), out var utc) ? utc : r.GetFieldValue<DateTimeOffset>(i).ToUniversalTime();

    public static DateTimeOffset? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);

    public static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? NullableLong(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static double? NullableDouble(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
