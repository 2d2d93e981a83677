using System.Data.Common;
using System.Text.Json;

namespace ReleaseGate.Storage.Sql;

/// <summary>The regression bank's column lists, row mappings and the provenance fields the store reads.</summary>
internal static class BankSql
{
    /// <summary>A bank case's columns, in <see cref="Case"/>'s ordinals: what an <c>INSERT</c> or <c>UPDATE</c> of <c>bank_cases</c> returns.</summary>
    public const string CaseReturning =
        "id, workflow, case_id, fingerprint, state, severity, case_json, provenance_json, quarantine_reason, quarantine_owner, " +
        "quarantine_until, retired_reason, created_at, updated_at, row_version, link_count";

    /// <summary>A bank case's columns read from <c>bank_cases c</c>, in <see cref="Case"/>'s ordinals.</summary>
    public static readonly string CaseColumns = string.Join(", ", CaseReturning.Split(", ").Select(column => "c." + column));

    public const string LinkColumns = "id, bank_case_id, case_id, provenance_json, actor, created_at";

    public const string EventColumns = "id, bank_case_id, state, actor, reason, at, quarantine_owner, quarantine_until";

    /// <summary>A bank case as of <c>@at</c>: its definition from <c>c</c>, its state from its last event <c>e</c> up to then.</summary>
    public const string AsOfColumns =
        "c.id, c.workflow, c.case_id, c.fingerprint, e.state, c.severity, c.case_json, c.provenance_json, " +
        "CASE WHEN e.state = 'quarantined' THEN e.reason END, e.quarantine_owner, e.quarantine_until, CASE WHEN e.state = 'retired' THEN e.reason END, " +
        "c.created_at, e.at, (SELECT COUNT(*) FROM bank_events n WHERE n.bank_case_id = c.id AND n.id <= e.id), " +
        "(SELECT COUNT(*) FROM bank_links l WHERE l.bank_case_id = c.id AND l.created_at <= @at)";

    public static BankCaseRecord Case(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), BankStates.Parse(r.GetString(4)), r.GetString(5), r.GetString(6), r.GetString(7),
        Text(r, 8), Text(r, 9), Time(r, 10), Text(r, 11), Rows.Time(r, 12), Rows.Time(r, 13), r.GetInt64(14), checked((int)r.GetInt64(15)));

    public static BankLinkRecord Link(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), Rows.Time(r, 5));

    public static BankEventRecord Event(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), BankStates.Parse(r.GetString(2)), r.GetString(3), r.GetString(4), Rows.Time(r, 5), Text(r, 6), Time(r, 7));

    /// <summary>
    /// The provenance's <c>source</c> and <c>reference</c> strings, each null when absent, not a string, or the JSON is not an object:
    /// the pair that tells an import of the same thing again from a new duplicate.
    /// </summary>
    public static (string? Source, string? Reference) SourceAndReference(string provenanceJson)
    {
        try
        {
            using var document = JsonDocument.Parse(provenanceJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (String(document.RootElement, "source"), String(document.RootElement, "reference"))
                : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }

        static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : Rows.Time(r, i);
}
