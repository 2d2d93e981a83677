using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Ui;

/// <summary>One check of a decision as the pages read it.</summary>
/// <param name="Json">The check's JSON.</param>
internal sealed record CheckView(JsonObject Json)
{
    /// <summary>The check's id, such as <c>evals/support-core/slice/refunds/no-regression</c>.</summary>
    public string Id => (string?)Json["id"] ?? "";

    /// <summary>pass, fail, warn, pending, waived or error.</summary>
    public string Status => (string?)Json["status"] ?? "fail";

    /// <summary>The plain-language summary.</summary>
    public string Summary => (string?)Json["summary"] ?? "";

    /// <summary>What was measured.</summary>
    public JsonObject? Measured => Json["measured"] as JsonObject;

    /// <summary>The threshold it was held to.</summary>
    public JsonObject? Threshold => Json["threshold"] as JsonObject;

    /// <summary>The cases it names.</summary>
    public IReadOnlyList<string> Cases => (Json["cases"] as JsonArray ?? []).Select(c => (string?)c ?? "").ToList();

    /// <summary>Whether a failure of this check blocks whatever else holds.</summary>
    public bool Critical => Json["critical"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
