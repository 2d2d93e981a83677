using System.Globalization;
using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Ui;

/// <summary>A recorded decision as the pages read it: the decision JSON (docs/formats.md), with the questions pages ask of it.</summary>
internal sealed class DecisionView
{
    private DecisionView(JsonObject json)
    {
        Json = json;
        Checks = (json["checks"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new CheckView(c)).ToList();
    }

    /// <summary>The decision JSON.</summary>
    public JsonObject Json { get; }

    /// <summary>The verdict word: approved, pending or blocked.</summary>
    public string Verdict => (string?)Json["verdict"] ?? "blocked";

    /// <summary>Every check, in the decision's order.</summary>
    public IReadOnlyList<CheckView> Checks { get; }

    /// <summary>The decision's notes.</summary>
    public IEnumerable<string> Notes => (Json["notes"] as JsonArray ?? []).Select(n => (string?)n ?? "");

    /// <summary>Parses a stored decision; null when there is none.</summary>
    public static DecisionView? Parse(string? json) => json is null ? null : new DecisionView(JsonNode.Parse(json)!.AsObject());

    /// <summary>Checks by urgency: failing first, then pending, warnings, waived, passing.</summary>
    public IEnumerable<CheckView> ByUrgency() => Checks.OrderBy(c => c.Status switch
    {
        "fail" => 0,
        "error" => 0,
        "pending" => 1,
        "warn" => 2,
        "waived" => 3,
        _ => 4,
    });

    /// <summary>The groups a pending check waits for: approval stages and reviews, each once, in the decision's order.</summary>
    public IReadOnlyList<(string Kind, string Group, string CheckId)> WaitingFor() =>
        Checks.Where(c => c.Status == "pending" && c.Threshold?["group"] is JsonValue)
            .Select(c => (c.Id.StartsWith("reviews/", StringComparison.Ordinal) ? "review" : "approval", (string)c.Threshold!["group"]!, c.Id))
            .ToList();

    /// <summary>One sentence: the verdict and its reason.</summary>
    public string Sentence()
    {
        var failing = Checks.Where(c => c.Status is "fail" or "error").ToList();
        if (failing.Count > 0)
        {
            return $"Blocked: {failing.Count} {(failing.Count == 1 ? "check fails" : "checks fail")}. {failing[0].Summary}";
        }

        var waiting = WaitingFor();
        if (waiting.Count > 0)
        {
            return "Pending: waits for " + string.Join("; ", waiting.Select(w => w.Kind == "review" ? $"review by {w.Group}" : $"approval from {w.Group}")) + ".";
        }

        return Verdict == "approved" ? "Approved: every check passes or is waived; ready to ship." : $"{Capital(Verdict)}.";
    }

    /// <summary>A fraction as a percentage with one decimal.</summary>
    public static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Capital(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
