using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Bank;

/// <summary>
/// A bank case's provenance as JSON, with the field names of a suite case's <c>bank:</c> key (<c>source</c>,
/// <c>added_by</c>, <c>added_at</c>, <c>reason</c>, <c>incident</c>, <c>release</c>, <c>reference</c>,
/// <c>original_output</c>), written canonically and read back with located errors.
/// </summary>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static class BankProvenanceJson
{
    /// <summary>Writes <paramref name="provenance"/> as canonical JSON (RFC 8785); fields without a value are left out.</summary>
    /// <param name="provenance">The provenance.</param>
    /// <returns>The JSON text, on one line.</returns>
    public static string Write(BankProvenance provenance) => CanonicalJson.Serialize(ToJson(provenance));

    /// <summary>The provenance as a JSON object; <c>added_at</c> in UTC with its fractional seconds.</summary>
    /// <param name="provenance">The provenance.</param>
    public static JsonObject ToJson(BankProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        var json = new JsonObject
        {
            ["source"] = provenance.Source.Word(),
            ["added_by"] = provenance.AddedBy,
            ["added_at"] = TimestampText.FormatExact(provenance.AddedAt),
            ["reason"] = provenance.Reason,
        };
        Optional(json, "incident", provenance.Incident);
        Optional(json, "release", provenance.Release);
        Optional(json, "reference", provenance.Reference);
        Optional(json, "original_output", provenance.OriginalOutput);
        return json;
    }

    /// <summary>
    /// Reads a provenance written as JSON: one object whose <c>source</c>, <c>added_by</c>, <c>added_at</c> (RFC 3339 with a
    /// zone) and <c>reason</c> are required; unknown keys are errors with a did-you-mean.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">What the errors name as the file (a request field, such as <c>provenance</c>).</param>
    /// <returns>The provenance, or every error: RG1040 when the text is not JSON, else the suite format's codes.</returns>
    public static ParseResult<BankProvenance> Read(string json, string source = "provenance")
    {
        ArgumentNullException.ThrowIfNull(json);
        var context = new YamlReadContext(source);
        BankProvenance? result = null;
        if (BankJsonText.Open(json, source, "provenance", context) is { } m)
        {
            result = SuiteParser.ReadProvenance(m, required: true);
            m.Finish();
        }

        return result is not null && context.Errors.Count == 0 ? ParseResult<BankProvenance>.Ok(result) : ParseResult<BankProvenance>.Failed(context.Errors);
    }

    private static void Optional(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }
}
