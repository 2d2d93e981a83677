using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Runner.Suites;

/// <summary>
/// Reads a JSONL case line with System.Text.Json when it is plainly valid, for the execution pass over case files that
/// the located (YAML) reader has already validated. Anything unusual — an unknown key, a wrong type, a bad name — returns
/// null, and the caller falls back to <see cref="SuiteParser.ReadCaseLine"/>, which reports it precisely.
/// </summary>
internal static class FastCaseReader
{
    private static readonly HashSet<string> CaseKeys = new(StringComparer.Ordinal) { "id", "description", "slices", "severity", "vars", "assert" };
    private static readonly HashSet<string> AssertionKeys = new(StringComparer.Ordinal) { "type", "value", "threshold", "weight", "metric" };

    public static SuiteCase? TryRead(Suite suite, string line, string file, int lineNumber)
    {
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (obj is null || obj.Any(p => !CaseKeys.Contains(p.Key)) || Text(obj["id"]) is not { Length: > 0 } id)
        {
            return null;
        }

        var location = new SourceLocation(file, lineNumber, 1);
        var slices = suite.Defaults.Slices;
        if (obj.ContainsKey("slices"))
        {
            if (obj["slices"] is not JsonArray list || list.Any(s => Text(s) is not { } n || !GateParser.IsName(n)))
            {
                return null;
            }

            slices = [.. list.Select(s => Text(s)!)];
        }

        var severity = suite.Defaults.Severity;
        if (obj["severity"] is { } sev)
        {
            if (Text(sev) is not { } name || !Choices.Severities.TryGetValue(name, out severity))
            {
                return null;
            }
        }

        var vars = new JsonObject();
        if (obj["vars"] is { } v)
        {
            if (v is not JsonObject given)
            {
                return null;
            }

            obj.Remove("vars");
            vars = given;
        }

        foreach (var (key, value) in suite.Defaults.Vars)
        {
            vars.TryAdd(key, value?.DeepClone());
        }

        var assertions = new List<SuiteAssertion>(suite.Defaults.Assertions);
        if (obj["assert"] is { } a)
        {
            if (a is not JsonArray items)
            {
                return null;
            }

            foreach (var item in items)
            {
                if (item is not JsonObject ao || ao.Any(p => !AssertionKeys.Contains(p.Key)) || Text(ao["type"]) is not { } type || !SuiteParser.AssertionTypes.Contains(type))
                {
                    return null;
                }

                double? threshold = null;
                if (ao["threshold"] is { } t && !TryNumber(t, out threshold))
                {
                    return null;
                }

                double? weight = 1;
                if (ao["weight"] is { } w && (!TryNumber(w, out weight) || weight is < 0 or > 1e6))
                {
                    return null;
                }

                var value = ao["value"];
                ao.Remove("value");
                assertions.Add(new SuiteAssertion(type, value, threshold, weight ?? 1) { Location = location });
            }
        }

        return new SuiteCase { Id = id, Vars = vars, Slices = slices, Severity = severity, Assertions = assertions, Location = location };
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool TryNumber(JsonNode node, out double? value)
    {
        value = node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
        return value is not null;
    }
}
