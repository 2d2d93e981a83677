using System.Data.Common;
using System.Text.Json;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Column lists and row mappings of scheduler leases, webhooks, deliveries, compliance runs, findings and escalations (migration 0005);
/// each <c>*Columns</c> list matches its reader's ordinals.
/// </summary>
internal static class OperationsSql
{
    public const string LeaseColumns = "name, holder, acquired_at, expires_at";

    public const string WebhookColumns = "id, workflow, release_id, url, events, format, secret, created_by, created_at, disabled_at, disabled_by";

    public const string DeliveryColumns =
        "id, webhook_id, event_id, type, workflow, release_id, subject, payload_json, state, attempts, created_at, next_attempt_at, " +
        "last_attempt_at, last_status, last_error, delivered_at";

    public const string RunColumns =
        "id, workflow, scheduled_for, run_trigger, instance, actor, started_at, ended_at, releases, policies, violations, opened, resolved, error";

    public const string FindingColumns =
        "id, workflow, release_id, policy, rule_digest, severity, owner, message, state, opened_run, opened_at, acknowledged_by, acknowledged_at, " +
        "ack_note, resolved_by, resolved_at, resolution, resolved_run, row_version";

    public const string EscalationColumns = "id, release_id, kind, target, to_group, level, waiting_since, escalated_at, reason";

    /// <summary>The words <see cref="NewComplianceRun.Trigger"/> may be.</summary>
    public static readonly IReadOnlySet<string> Triggers = new HashSet<string>(StringComparer.Ordinal) { "schedule", "manual" };

    /// <summary>The words <see cref="NewEscalation.Kind"/> may be.</summary>
    public static readonly IReadOnlySet<string> EscalationKinds = new HashSet<string>(StringComparer.Ordinal) { "stage", "review_item" };

    /// <summary>The most of a delivery's last error that is kept.</summary>
    public const int MaxErrorLength = 1000;

    public static SchedulerLease Lease(DbDataReader r) => new(r.GetString(0), r.GetString(1), Rows.Time(r, 2), Rows.Time(r, 3));

    public static WebhookRecord Webhook(DbDataReader r) => new(
        r.GetInt64(0), Rows.NullableString(r, 1), Rows.NullableLong(r, 2), r.GetString(3), EventsOf(r.GetString(4)), r.GetString(5), r.GetString(6),
        r.GetString(7), Rows.Time(r, 8), Rows.NullableTime(r, 9), Rows.NullableString(r, 10));

    public static WebhookDeliveryRecord Delivery(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), Rows.NullableLong(r, 5), r.GetString(6), r.GetString(7),
        DeliveryStates.Parse(r.GetString(8)), r.GetInt32(9), Rows.Time(r, 10), Rows.Time(r, 11), Rows.NullableTime(r, 12),
        r.IsDBNull(13) ? null : r.GetInt32(13), Rows.NullableString(r, 14), Rows.NullableTime(r, 15));

    public static ComplianceRunRecord Run(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), Rows.Time(r, 2), r.GetString(3), r.GetString(4), r.GetString(5), Rows.Time(r, 6), Rows.NullableTime(r, 7),
        r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12), Rows.NullableString(r, 13));

    public static FindingRecord Finding(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        FindingStates.Parse(r.GetString(8)), r.GetInt64(9), Rows.Time(r, 10), Rows.NullableString(r, 11), Rows.NullableTime(r, 12),
        Rows.NullableString(r, 13), Rows.NullableString(r, 14), Rows.NullableTime(r, 15), Rows.NullableString(r, 16), Rows.NullableLong(r, 17),
        r.GetInt64(18));

    public static EscalationRecord Escalation(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), Rows.Time(r, 6), Rows.Time(r, 7), r.GetString(8));

    /// <summary>An SQL list of the words of <paramref name="states"/>: constants of this code, never caller text.</summary>
    public static string WordList(IEnumerable<FindingState> states) => string.Join(", ", states.Distinct().Select(s => "'" + FindingStates.Word(s) + "'"));

    /// <summary><paramref name="error"/> cut to <see cref="MaxErrorLength"/> characters, never between the halves of a surrogate pair.</summary>
    public static string? CutError(string? error)
    {
        if (error is null || error.Length <= MaxErrorLength)
        {
            return error;
        }

        var length = char.IsHighSurrogate(error[MaxErrorLength - 1]) ? MaxErrorLength - 1 : MaxErrorLength;
        return error[..length];
    }

    public static string EventsText(IReadOnlyList<string> events) => JsonSerializer.Serialize(events, StorageJsonContext.Default.IReadOnlyListString);

    private static string[] EventsOf(string text) => JsonSerializer.Deserialize(text, StorageJsonContext.Default.StringArray) ?? [];
}
