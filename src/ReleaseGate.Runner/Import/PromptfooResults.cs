using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// Reads the JSON file that <c>promptfoo eval -o results.json</c> writes (results version 3), for both the results
/// importer (<see cref="PromptfooImporter"/>) and the bank's (<see cref="PromptfooFailures"/>): a check of the whole file,
/// then the results one at a time, each parsed alone from the stream, so memory follows the largest result.
/// </summary>
internal static class PromptfooResults
{
    private const int MaxVarsIdBytes = 200;
    private static readonly string[] ResultsPath = ["results", "results"];
    private static readonly string[] Severities = ["critical", "high", "medium", "low"];

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);

    /// <summary>What the check found: the errors, the provider chosen, and whether the eval ran several prompts.</summary>
    public sealed class Survey
    {
        public List<GateError> Errors { get; } = [];

        public string? Provider { get; set; }

        public bool SeveralPrompts { get; set; }
    }

    /// <summary>Checks the whole file once: every result's shape, the version, the providers (<paramref name="provider"/> chooses one).</summary>
    public static Survey Check(string path, string displayName, string? provider)
    {
        var survey = new Survey();
        var providers = new List<(string Id, string? Label)>();
        var prompts = new HashSet<string>(StringComparer.Ordinal);
        var count = 0L;
        using var stream = OpenRead(path);
        using var elements = new JsonElementStream(stream, ResultsPath);
        try
        {
            while (elements.Next() is var (document, line, column))
            {
                using (document)
                {
                    count++;
                    var at = new SourceLocation(displayName, line, column);
                    if (Validate(document.RootElement) is { } problem)
                    {
                        survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, problem, at));
                        if (survey.Errors.Count >= 20)
                        {
                            return survey;
                        }

                        continue;
                    }

                    var found = ProviderOf(document.RootElement);
                    if (!providers.Contains(found))
                    {
                        providers.Add(found);
                    }

                    prompts.Add(PromptOf(document.RootElement));
                }
            }
        }
        catch (JsonElementStream.ElementTooLargeException e)
        {
            survey.Errors.Add(new GateError(ErrorCodes.LineTooLong, Messages.ElementTooLarge(InputLimits.MaxJsonLineBytes), new SourceLocation(displayName, e.StartLine, 0)));
            return survey;
        }
        catch (JsonException e)
        {
            survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, ImportMessages.JsonSyntax(StripPosition(e.Message)), new SourceLocation(displayName, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1)));
            return survey;
        }

        var file = SourceLocation.OfFile(displayName);
        if (elements.Root != JsonTokenType.StartObject)
        {
            survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, ImportMessages.NotPromptfoo("the document is not a JSON object"), file));
            return survey;
        }

        if (elements.Scalars.TryGetValue("results.version", out var version) && version.ValueKind == JsonValueKind.Number
            && version.TryGetInt64(out var v) && v != 3)
        {
            survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, ImportMessages.PromptfooVersion(v), file));
            return survey;
        }

        if (!elements.FoundArray)
        {
            survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, ImportMessages.NotPromptfoo("it has no 'results.results' list"), file));
            return survey;
        }

        if (survey.Errors.Count > 0)
        {
            return survey;
        }

        if (count == 0)
        {
            survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, ImportMessages.NoPromptfooResults, file));
            return survey;
        }

        var names = providers.Select(p => p.Label is null ? p.Id : $"{p.Label} ({p.Id})").ToList();
        if (provider is { } wanted)
        {
            var match = providers.FirstOrDefault(p => p.Id == wanted || p.Label == wanted);
            if (match == default)
            {
                survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, ImportMessages.UnknownProvider(wanted, names), file));
                return survey;
            }

            survey.Provider = wanted;
        }
        else if (providers.Count > 1)
        {
            survey.Errors.Add(new GateError(ErrorCodes.ImportPromptfoo, ImportMessages.SeveralProviders(names), file));
            return survey;
        }

        survey.SeveralPrompts = prompts.Count > 1;
        return survey;
    }

    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    /// <summary>What is wrong with one result object, or null.</summary>
    private static string? Validate(JsonElement r)
    {
        if (r.ValueKind != JsonValueKind.Object)
        {
            return ImportMessages.NotPromptfoo("an entry of 'results.results' is not an object");
        }

        if (!r.TryGetProperty("success", out var success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return ImportMessages.PromptfooField("success", "true or false");
        }

        if (!r.TryGetProperty("provider", out var provider) || Str(provider, "id") is null)
        {
            return ImportMessages.PromptfooField("provider", "an object with an 'id'");
        }

        if (r.TryGetProperty("testCase", out var testCase) && testCase.ValueKind != JsonValueKind.Object)
        {
            return ImportMessages.PromptfooField("testCase", "an object");
        }

        if (Metadata(r) is { } metadata)
        {
            if (metadata.TryGetProperty("severity", out var severity) && severity.ValueKind != JsonValueKind.Null
                && (severity.ValueKind != JsonValueKind.String || !Severities.Contains(severity.GetString())))
            {
                return ImportMessages.PromptfooField("testCase.metadata.severity", "one of critical, high, medium, low");
            }

            if (metadata.TryGetProperty("slices", out var slices) && slices.ValueKind != JsonValueKind.Null
                && (slices.ValueKind != JsonValueKind.Array || slices.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || s.GetString()!.Length == 0 || s.GetString()!.Contains('/'))))
            {
                return ImportMessages.PromptfooField("testCase.metadata.slices", "a list of non-empty strings without '/'");
            }
        }

        return null;
    }

    public static JsonElement? Metadata(JsonElement r) =>
        r.TryGetProperty("testCase", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : null;

    public static (string Id, string? Label) ProviderOf(JsonElement r)
    {
        var provider = r.GetProperty("provider");
        return (Str(provider, "id")!, Str(provider, "label"));
    }

    public static string PromptOf(JsonElement r) =>
        r.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, "label") ?? Str(p, "raw") ?? "" : "";

    public static bool Selected(JsonElement r, string? provider) =>
        provider is null || ProviderOf(r) is var (id, label) && (id == provider || label == provider);

    public static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static double? Num(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;

    /// <summary>
    /// The results of the file that <paramref name="survey"/> checked, of its provider, in file order with their index
    /// (from 0, over every result of the file) and location. Each element is valid until the next is read.
    /// </summary>
    public static IEnumerable<(JsonElement Element, int Index, SourceLocation Location)> Read(string path, string displayName, Survey survey)
    {
        using var stream = OpenRead(path);
        using var elements = new JsonElementStream(stream, ResultsPath);
        var index = 0;
        while (elements.Next() is var (document, line, column))
        {
            using (document)
            {
                var root = document.RootElement;
                if (Selected(root, survey.Provider))
                {
                    yield return (root, index, new SourceLocation(displayName, line, column));
                }

                index++;
            }
        }
    }

    public static string CaseId(JsonElement r, JsonElement testCase)
    {
        if (Str(testCase, "description") is { Length: > 0 } description)
        {
            return description;
        }

        var vars = testCase.ValueKind == JsonValueKind.Object && testCase.TryGetProperty("vars", out var v) ? v
            : r.TryGetProperty("vars", out var rv) ? rv : default;
        var json = vars.ValueKind == JsonValueKind.Undefined ? "{}" : Compact(vars);
        return Encoding.UTF8.GetByteCount(json) <= MaxVarsIdBytes
            ? $"vars {json}"
            : "vars sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }

    public static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(w);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string? Output(JsonElement r)
    {
        if (!r.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object || !response.TryGetProperty("output", out var output))
        {
            return null;
        }

        return output.ValueKind switch
        {
            JsonValueKind.String => output.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => Compact(output),
        };
    }
}
