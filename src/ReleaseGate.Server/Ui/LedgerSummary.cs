using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// One line for people about a ledger entry's payload: what matters first (the verdict, the stage, the reason), then the other
/// plain fields, digests shortened. The page writes it as text, so whatever a payload holds stays text.
/// </summary>
internal static class LedgerSummary
{
    /// <summary>The longest text value written whole; longer ones are cut with an ellipsis (the full payload is beside it).</summary>
    public const int MaxValue = 160;

    // The fields people look for first, in this order; the rest follow in the payload's (canonical) order.
    private static readonly string[] First =
    [
        "verdict", "previous", "reason", "version", "stage", "comment", "check", "expires_at", "waiver", "state", "case", "owner", "until",
        "finding", "policy", "severity", "note", "resolution", "run", "lines", "target", "item", "reviewer", "pass",
    ];

    /// <summary>The summary of a payload in canonical JSON; a payload that is not an object is shown as it is.</summary>
    public static string Of(string type, string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(type);
        JsonNode? payload;
        try
        {
            payload = JsonNode.Parse(payloadJson ?? "");
        }
        catch (JsonException)
        {
            return Cut(payloadJson ?? "");
        }

        if (payload is not JsonObject fields)
        {
            return Cut(payload?.ToJsonString() ?? "null");
        }

        var parts = new List<string>();
        foreach (var key in First.Where(fields.ContainsKey).Concat(fields.Select(f => f.Key).Where(k => !First.Contains(k))))
        {
            if (Value(fields[key]) is { } text)
            {
                parts.Add($"{key.Replace('_', ' ')}: {text}");
            }
        }

        return parts.Count == 0 ? "—" : string.Join("; ", parts);
    }

    private static string? Value(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Short(v.GetValue<string>()),
        JsonValue v => v.ToJsonString(),
        JsonArray { Count: 0 } => "none",
        JsonArray a when a.All(x => x is JsonValue) => Cut(string.Join(", ", a.Select(x => x is JsonValue s && s.GetValueKind() == JsonValueKind.String ? Short(s.GetValue<string>()) : x!.ToJsonString()))),
        JsonArray a => $"{a.Count} items",
        JsonObject o => $"{o.Count} {(o.Count == 1 ? "field" : "fields")}",
        _ => null,
    };

    /// <summary>A digest to its first 12 hex digits (the full one is in the payload); any other text cut to <see cref="MaxValue"/>.</summary>
    private static string Short(string text) =>
        text.StartsWith("sha256:", StringComparison.Ordinal) && text.Length == 71 ? text[..19] + "…" : Cut(text);

    private static string Cut(string text) => text.Length <= MaxValue ? text : text[..MaxValue] + "…";
}
