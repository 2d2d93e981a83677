using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>
/// Builds the document policies and approval conditions see (DESIGN §4): <c>release</c>, <c>baseline</c>,
/// <c>changes</c>, <c>gate</c>, <c>evals</c>; as dictionaries, lists and primitives, which CEL engines accept.
/// </summary>
public static class PolicyInput
{
    internal static IReadOnlyDictionary<string, object?> Build(DecisionInput input, IReadOnlyDictionary<string, SuiteView> views)
    {
        var release = input.Release is { } r ? Release(r) : null;
        var baseline = input.BaselineRelease is { } b ? Release(b) : null;
        return new Dictionary<string, object?>
        {
            ["release"] = release,
            ["baseline"] = baseline,
            ["changes"] = Changes(release, baseline),
            ["gate"] = new Dictionary<string, object?> { ["workflow"] = input.Gate.Workflow, ["risk"] = input.Gate.Risk.Word() },
            ["evals"] = views.ToDictionary(v => v.Key, v => (object?)Suite(v.Value)),
        };
    }

    internal static Dictionary<string, object?> Release(ReleaseEvidence release)
    {
        var m = release.Manifest;
        return new Dictionary<string, object?>
        {
            ["workflow"] = m.Workflow,
            ["version"] = m.Version,
            ["digest"] = release.Digest,
            ["model"] = m.Model,
            ["prompts"] = m.Prompts.ToDictionary(p => p.Key, p => (object?)release.FileDigests.GetValueOrDefault(p.Value)),
            ["tools"] = m.Tools.Cast<object?>().ToList(),
            ["config"] = m.Config is null ? new Dictionary<string, object?>() : Plain(m.Config),
            ["attachments"] = m.Attachments.ToDictionary(a => a.Name, a => (object?)release.FileDigests.GetValueOrDefault(a.File)),
        };
    }

    /// <summary>The component names that differ between the candidate and the baseline; all of them when there is no baseline.</summary>
    private static List<object?> Changes(Dictionary<string, object?>? candidate, Dictionary<string, object?>? baseline)
    {
        string[] all = ["model", "prompts", "tools", "config", "attachments"];
        if (candidate is null)
        {
            return [];
        }

        if (baseline is null)
        {
            return [.. all];
        }

        return all.Where(name => !Same(candidate[name], baseline[name])).Cast<object?>().ToList();
    }

    private static bool Same(object? a, object? b) =>
        JsonSerializer.Serialize(a, PolicyInputJson.Default.Object) == JsonSerializer.Serialize(b, PolicyInputJson.Default.Object);

    private static Dictionary<string, object?> Suite(SuiteView view)
    {
        var cases = view.Cases;
        var slices = view.BySlice.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => (object?)Summary(s.Value));
        var summary = Summary(cases);
        summary["slices"] = slices;
        summary["severity"] = Enum.GetValues<Severity>().ToDictionary(
            s => s.Word(),
            s => (object?)new Dictionary<string, object?>
            {
                ["cases"] = (long)cases.Count(c => c.Severity == s),
                ["not_passed"] = (long)cases.Count(c => c.Severity == s && !c.Passed),
            });
        return summary;
    }

    private static Dictionary<string, object?> Summary(List<CaseView> cases) => new()
    {
        ["cases"] = (long)cases.Count,
        ["passed"] = (long)cases.Count(c => c.Passed),
        ["failed"] = (long)cases.Count(c => c.Outcome == CaseOutcome.Fail),
        ["errored"] = (long)cases.Count(c => c.Outcome == CaseOutcome.Error),
        ["missing"] = (long)cases.Count(c => c.Outcome == CaseOutcome.Missing),
        ["flaky"] = (long)cases.Count(c => c.Flaky),
        ["pass_rate"] = cases.Count == 0 ? 0.0 : (double)cases.Count(c => c.Passed) / cases.Count,
        ["latency_ms"] = Latency(cases),
        ["cost"] = Cost(cases),
    };

    /// <summary>Latency over the cases' mean latencies: mean, 95th percentile (nearest rank) and max; zeros without data.</summary>
    private static Dictionary<string, object?> Latency(List<CaseView> cases)
    {
        var means = cases.Where(c => c.LatencyMs is not null).Select(c => c.LatencyMs!.Value).Order().ToList();
        return new Dictionary<string, object?>
        {
            ["cases"] = (long)means.Count,
            ["mean"] = means.Count == 0 ? 0.0 : means.Average(),
            ["p95"] = means.Count == 0 ? 0.0 : means[(int)Math.Ceiling(0.95 * means.Count) - 1],
            ["max"] = means.Count == 0 ? 0.0 : means[^1],
        };
    }

    /// <summary>Cost: the total over all executions and the mean per case that reported one; zeros without data.</summary>
    private static Dictionary<string, object?> Cost(List<CaseView> cases)
    {
        var costs = cases.Where(c => c.Cost is not null).Select(c => c.Cost!.Value).ToList();
        return new Dictionary<string, object?>
        {
            ["cases"] = (long)costs.Count,
            ["total"] = costs.Sum(),
            ["mean_per_case"] = costs.Count == 0 ? 0.0 : costs.Average(),
        };
    }

    /// <summary>Converts a JSON object to the dictionaries, lists and primitives of the policy input document, so that test inputs and manifest config reach CEL in the same shape.</summary>
    public static Dictionary<string, object?> Plain(JsonObject obj) => obj.ToDictionary(p => p.Key, p => Plain(p.Value));

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => Plain(o),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v => v.GetValue<double>(),
        _ => node.ToJsonString(),
    };
}
