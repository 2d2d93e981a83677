using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace ReleaseGate.Runner.Assertions;

/// <summary>A JSON Schema built once when the suite loads (JsonSchema.Net, draft 2020-12 unless <c>$schema</c> says otherwise).</summary>
internal sealed class SchemaCheck
{
    private const int MaxErrorsShown = 3;

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    // A suite's defaults put the same schema on every case: build each distinct schema once. Built schemas are
    // immutable and evaluate safely from many threads.
    private static readonly ConcurrentDictionary<string, SchemaCheck> Cache = new(StringComparer.Ordinal);

    private readonly JsonSchema _schema;

    private SchemaCheck(JsonSchema schema) => _schema = schema;

    /// <summary>Builds the schema, or returns why it is not one.</summary>
    public static SchemaCheck? TryBuild(JsonElement schema, out string? problem)
    {
        problem = null;
        var key = schema.GetRawText();
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            problem = $"a schema is a mapping (or true/false), but this is {schema.ValueKind.ToString().ToLowerInvariant()}.";
            return null;
        }

        if (FirstOutsideReference(schema) is { } reference)
        {
            problem = $"the reference '{reference}' points outside the schema; only references starting with '#' are supported.";
            return null;
        }

        try
        {
            // A registry of its own per schema: schemas with the same $id in different cases must not collide, and
            // nothing is ever fetched from the network (references must resolve inside the schema).
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            return Cache.GetOrAdd(key, new SchemaCheck(JsonSchema.Build(schema, options)));
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or RefResolutionException)
        {
            problem = e.Message.TrimEnd('.') + ".";
            return null;
        }
    }

    /// <summary>Validates <paramref name="instance"/>; on failure, <paramref name="problems"/> lists the first errors as <c>location: message</c>.</summary>
    public bool Validate(JsonElement instance, out string problems)
    {
        EvaluationResults results;
        try
        {
            results = _schema.Evaluate(instance, Options);
        }
        catch (Exception e) when (e is JsonSchemaException or RefResolutionException or InvalidOperationException)
        {
            // Fail closed: a schema that cannot be applied never lets an output through.
            problems = "the schema could not be applied: " + e.Message;
            return false;
        }

        if (results.IsValid)
        {
            problems = "";
            return true;
        }

        var found = new List<string>();
        Collect(results, found);
        var shown = found.Take(MaxErrorsShown).ToList();
        problems = found.Count == 0 ? "the schema rejects it" : string.Join("; ", shown) + (found.Count > shown.Count ? $"; and {found.Count - shown.Count} more" : "");
        return false;
    }

    private static string? FirstOutsideReference(JsonElement node)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name is "$ref" or "$dynamicRef" && property.Value.ValueKind == JsonValueKind.String
                        && !property.Value.GetString()!.StartsWith('#'))
                    {
                        return property.Value.GetString();
                    }

                    if (FirstOutsideReference(property.Value) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    if (FirstOutsideReference(item) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static void Collect(EvaluationResults results, List<string> found)
    {
        if (results.Errors is { } errors)
        {
            var at = results.InstanceLocation.ToString();
            found.AddRange(errors.Values.Select(message => $"{(at.Length == 0 ? "(root)" : at)}: {message}"));
        }

        if (results.Details is { } details)
        {
            foreach (var d in details)
            {
                Collect(d, found);
            }
        }
    }
}
