using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// Turns the JSON file that <c>promptfoo eval -o results.json</c> writes (results version 3) into results JSONL: one line
/// per promptfoo result, that is per test, prompt, provider and repeat.
/// </summary>
/// <remarks>
/// <para>
/// Mapping: the case id is the test's <c>description</c>, or, for a test without one, its variables as compact JSON (a
/// hash when that is longer than 200 bytes), so that repeats of one test land on one case and the same test gets the same
/// id in every run. When the eval ran several prompts, the prompt's label is appended in brackets. promptfoo's verdict is
/// kept: <c>success</c> gives <c>pass</c> (with promptfoo's own threshold semantics), and a result promptfoo marks as an
/// error (<c>failureReason</c> 2: the provider failed) gives an <c>error</c>. Score, latency, cost, output and every
/// assertion's type, pass, score and reason are kept; <c>metadata.slices</c> and <c>metadata.severity</c> of a test become
/// the line's slices and severity. A file with results of several providers needs <see cref="ImportOptions.Provider"/>.
/// </para>
/// <para>
/// promptfoo writes one JSON document. It is read twice as a stream, once to check it and once to write, and only one
/// result object is held at a time: memory follows the largest single result, not the file.
/// </para>
/// </remarks>
public static class PromptfooImporter
{
    private const int MaxVarsIdBytes = 200;
    private static readonly string[] ResultsPath = ["results", "results"];
    private static readonly string[] Severities = ["critical", "high", "medium", "low"];

    /// <summary>Imports the promptfoo results at <paramref name="path"/>, writing result lines to <paramref name="output"/>.</summary>
    /// <param name="path">The promptfoo output file.</param>
    /// <param name="displayName">The file name as the user gave it, for error locations.</param>
    /// <param name="options">Suite name, target and provider.</param>
    /// <param name="output">Where the lines go; nothing is written when the file is invalid.</param>
    /// <returns>What was written, or the errors (<c>RG1470</c>, or <c>RG1201</c> when the file cannot be read).</returns>
    public static ParseResult<ImportSummary> Import(string path, string displayName, ImportOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        Survey survey;
        try
        {
            survey = Check(path, displayName, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ParseResult<ImportSummary>.Failed([new GateError(ErrorCodes.FileUnreadable, $"cannot read the file: {e.Message}", SourceLocation.OfFile(displayName))]);
        }

        if (survey.Errors.Count > 0)
        {
            return ParseResult<ImportSummary>.Failed(survey.Errors);
        }

        using var writer = new ResultLineWriter(output, options);
        using var stream = OpenRead(path);
        using var elements = new JsonElementStream(stream, ResultsPath);
        while (elements.Next() is var (document, _, _))
        {
            using (document)
            {
                var root = document.RootElement;
                if (Selected(root, survey.Provider))
                {
                    writer.Write(ToResult(root, survey.SeveralPrompts));
                }
            }
        }

        return ParseResult<ImportSummary>.Ok(writer.Summary(0));
    }

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);

    private sealed class Survey
    {
        public List<GateError> Errors { get; } = [];

        public string? Provider { get; set; }

        public bool SeveralPrompts { get; set; }
    }

    private static Survey Check(string path, string displayName, ImportOptions options)
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

                    var provider = ProviderOf(document.RootElement);
                    if (!providers.Contains(provider))
                    {
                        providers.Add(provider);
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
        if (options.Provider is { } wanted)
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

    private static JsonElement? Metadata(JsonElement r) =>
        r.TryGetProperty("testCase", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : null;

    private static (string Id, string? Label) ProviderOf(JsonElement r)
    {
        var provider = r.GetProperty("provider");
        return (Str(provider, "id")!, Str(provider, "label"));
    }

    private static string PromptOf(JsonElement r) =>
        r.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, "label") ?? Str(p, "raw") ?? "" : "";

    private static bool Selected(JsonElement r, string? provider) =>
        provider is null || ProviderOf(r) is var (id, label) && (id == provider || label == provider);

    private static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;

    private static ImportedResult ToResult(JsonElement r, bool severalPrompts)
    {
        var testCase = r.TryGetProperty("testCase", out var t) ? t : default;
        var id = CaseId(r, testCase);
        if (severalPrompts)
        {
            id = $"{id} [{PromptOf(r)}]";
        }

        var isError = Num(r, "failureReason") == 2;
        var metadata = Metadata(r);
        return new ImportedResult
        {
            Case = id,
            Pass = isError ? null : r.GetProperty("success").GetBoolean(),
            Error = isError ? Str(r, "error") ?? "promptfoo recorded an error for this result" : null,
            Score = Num(r, "score"),
            LatencyMs = Num(r, "latencyMs"),
            Cost = Num(r, "cost"),
            Output = Output(r),
            Slices = metadata is { } m && m.TryGetProperty("slices", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().Select(x => x.GetString()!).ToList() : null,
            Severity = metadata is { } m2 ? Str(m2, "severity") : null,
            Assertions = Assertions(r),
        };
    }

    private static string CaseId(JsonElement r, JsonElement testCase)
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

    private static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(w);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? Output(JsonElement r)
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

    private static List<ImportedAssertion> Assertions(JsonElement r)
    {
        var list = new List<ImportedAssertion>();
        if (r.TryGetProperty("gradingResult", out var grading) && grading.ValueKind == JsonValueKind.Object
            && grading.TryGetProperty("componentResults", out var components) && components.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in components.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("pass", out var pass) || pass.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    continue;
                }

                var type = c.TryGetProperty("assertion", out var a) ? Str(a, "type") : null;
                list.Add(new ImportedAssertion(type ?? "unknown", pass.GetBoolean(), Num(c, "score"), Str(c, "reason")));
            }
        }

        return list;
    }
}
