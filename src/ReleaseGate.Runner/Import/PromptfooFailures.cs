using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Prompts;
using static ReleaseGate.Runner.Import.PromptfooResults;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// Turns the failed tests of a promptfoo results file (the file <see cref="PromptfooImporter"/> reads) into
/// regression-bank candidates: one per failed result, with the test's description, variables, slices, severity and the
/// assertions that have a ReleaseGate equivalent, and the failing output as the original output.
/// </summary>
/// <remarks>
/// <para>
/// Passed results are not banked; a result promptfoo marks as an error (the provider failed) is not a failure of the model
/// and is left out with a warning, as is a repeat of a test already banked from the file (<c>--repeat</c>).
/// </para>
/// <para>
/// Assertions: <c>equals</c>, <c>contains</c>, <c>icontains</c>, <c>regex</c>, <c>starts-with</c> and their
/// <c>not-</c> forms, <c>is-json</c> (with its schema), <c>latency</c> and <c>llm-rubric</c> (with its threshold) carry
/// over as they are; <c>contains-all</c> and <c>icontains-all</c> become one assertion per value, and
/// <c>contains-any</c>, <c>icontains-any</c> and their <c>not-</c> forms a regular expression of the values. A value
/// that reads the test's variables (<c>{{expected}}</c>) is filled in. Anything else (<c>javascript</c>, <c>python</c>,
/// <c>similar</c>, <c>cost</c>, <c>moderation</c>, <c>contains-json</c>, an assertion with a <c>transform</c>…) is left
/// out with a warning naming it; a test left with no assertion is not banked, with a warning.
/// </para>
/// <para>
/// The case id is made from the test's description, or else its variables (as the results importer names a test), or
/// else its prompt: lower case, '-' between words, at most 64 characters, unique within the file (<c>-2</c>, <c>-3</c>…). The test's variables are kept; when the test has none, the prompt
/// promptfoo recorded becomes the case's conversation (one user message), since nothing else could reproduce it. The
/// description is the test's, or else the recorded prompt.
/// </para>
/// </remarks>
public static class PromptfooFailures
{
    private static readonly string[] Plain =
        ["equals", "contains", "icontains", "regex", "starts-with", "not-equals", "not-contains", "not-icontains", "not-regex", "not-starts-with"];

    /// <summary>Reads the failed results of the promptfoo results file at <paramref name="path"/>.</summary>
    /// <param name="path">The file <c>promptfoo eval -o results.json</c> wrote.</param>
    /// <param name="displayName">The file name as the user gave it, for error locations and references.</param>
    /// <param name="provider">The provider (id or label) whose results to read; required when the file holds several.</param>
    /// <returns>The candidates, or the errors of the file (<c>RG1470</c>, <c>RG1105</c>, or <c>RG1201</c> when it cannot be read).</returns>
    public static ParseResult<BankImport> Read(string path, string displayName, string? provider = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(displayName);
        try
        {
            var survey = Check(path, displayName, provider);
            return survey.Errors.Count > 0 ? ParseResult<BankImport>.Failed(survey.Errors) : ParseResult<BankImport>.Ok(Candidates(path, displayName, survey));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ParseResult<BankImport>.Failed([new GateError(ErrorCodes.FileUnreadable, $"cannot read the file: {e.Message}", SourceLocation.OfFile(displayName))]);
        }
    }

    private static BankImport Candidates(string path, string displayName, Survey survey)
    {
        var candidates = new List<BankCandidate>();
        var warnings = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var tests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (r, index, location) in PromptfooResults.Read(path, displayName, survey))
        {
            if (r.GetProperty("success").GetBoolean())
            {
                continue;
            }

            var reference = $"{displayName}#{Str(r, "id") ?? (index + 1).ToString(CultureInfo.InvariantCulture)}";
            var name = $"result {(index + 1).ToString(CultureInfo.InvariantCulture)}" + (Str(r, "id") is { } resultId ? $" ({resultId})" : "");
            if (Num(r, "failureReason") == 2)
            {
                warnings.Add(ImportMessages.FailureErrored(name));
                continue;
            }

            var testCase = r.TryGetProperty("testCase", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            var test = CaseId(r, testCase) + "\n" + PromptOf(r) + "\n" + (testCase.ValueKind == JsonValueKind.Object && testCase.TryGetProperty("assert", out var a) ? a.GetRawText() : "");
            if (tests.TryGetValue(test, out var first))
            {
                warnings.Add(ImportMessages.FailureRepeat(name, first));
                continue;
            }

            tests[test] = name;
            if (Candidate(r, testCase, reference, location, ids) is { } candidate)
            {
                candidates.Add(candidate);
            }
            else
            {
                warnings.Add(ImportMessages.FailureNoAssertion(name));
            }
        }

        return new BankImport(candidates, warnings);
    }

    private static BankCandidate? Candidate(JsonElement r, JsonElement testCase, string reference, SourceLocation location, HashSet<string> ids)
    {
        var warnings = new List<string>();
        var vars = Vars(r, testCase);
        var assertions = new List<SuiteAssertion>();
        if (testCase.ValueKind == JsonValueKind.Object && testCase.TryGetProperty("assert", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var assertion in list.EnumerateArray())
            {
                assertions.AddRange(Convert(assertion, vars, location, warnings));
            }
        }

        if (assertions.Count == 0)
        {
            return null;
        }

        var prompt = r.TryGetProperty("prompt", out var p) ? Str(p, "raw") : null;
        var description = Str(testCase, "description") is { Length: > 0 } d ? d : prompt;
        IReadOnlyList<ChatTurn>? messages = null;
        if (vars.Count == 0 && prompt is not null)
        {
            // No variables can reproduce the prompt: the prompt as promptfoo sent it is the case's conversation.
            messages = [new ChatTurn { Role = "user", Content = prompt }];
            if (prompt.Contains("{{", StringComparison.Ordinal))
            {
                warnings.Add(ImportMessages.FailurePromptPlaceholder("the result"));
            }
        }

        var metadata = Metadata(r);
        // Named as the results importer names the test, from the variables' text as written (not escaped).
        var slug = BankCaseIds.Slug(Str(testCase, "description") is { Length: > 0 } named ? named : vars.Count > 0 ? "vars " + VarsElement(r, testCase).GetRawText() : prompt ?? "");
        var @case = new SuiteCase
        {
            Id = BankCaseIds.Unique(slug.Length > 0 ? slug : "promptfoo", ids),
            Description = description,
            Vars = vars,
            Messages = messages,
            Assertions = assertions,
            Slices = Slices(metadata, warnings),
            Severity = metadata is { } m2 && Str(m2, "severity") is { } severity ? Enum.Parse<Severity>(severity, ignoreCase: true) : Severity.Medium,
            Location = location,
        };
        return new BankCandidate(@case, Output(r), reference, warnings);
    }

    // Slices become parts of check ids, so they follow the names' alphabet; promptfoo's metadata may hold any text.
    private static List<string> Slices(JsonElement? metadata, List<string> warnings)
    {
        var slices = new List<string>();
        if (metadata is { } m && m.TryGetProperty("slices", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var slice in list.EnumerateArray().Select(x => x.GetString()!))
            {
                if (BankCaseIds.IsValid(slice))
                {
                    slices.Add(slice);
                }
                else
                {
                    warnings.Add(ImportMessages.SliceName(slice));
                }
            }
        }

        return slices;
    }

    private static JsonElement VarsElement(JsonElement r, JsonElement testCase) =>
        testCase.ValueKind == JsonValueKind.Object && testCase.TryGetProperty("vars", out var v) ? v
            : r.TryGetProperty("vars", out var rv) ? rv : default;

    private static JsonObject Vars(JsonElement r, JsonElement testCase) =>
        VarsElement(r, testCase) is { ValueKind: JsonValueKind.Object } vars ? (JsonObject)JsonNode.Parse(vars.GetRawText())! : [];

    // One promptfoo assertion as ours: none (with a warning saying why), one, or several for the -all forms.
    private static IEnumerable<SuiteAssertion> Convert(JsonElement a, JsonObject vars, SourceLocation location, List<string> warnings)
    {
        var type = Str(a, "type") ?? "(no type)";
        var weight = Num(a, "weight") ?? 1;
        if (a.ValueKind != JsonValueKind.Object || a.TryGetProperty("transform", out _))
        {
            warnings.Add(a.ValueKind == JsonValueKind.Object ? ImportMessages.AssertionTransform(type) : ImportMessages.AssertionNoEquivalent(type));
            return [];
        }

        var value = a.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null ? JsonNode.Parse(v.GetRawText()) : null;
        if (value is { } given)
        {
            (value, var filled) = Fill(given, vars);
            if (!filled)
            {
                warnings.Add(ImportMessages.AssertionTemplate(type));
                return [];
            }
        }

        List<SuiteAssertion> converted = type switch
        {
            _ when Plain.Contains(type) => [new SuiteAssertion(type, value, null, weight)],
            "is-json" => [new SuiteAssertion("is-json", value, null, weight)],
            "latency" => [new SuiteAssertion("latency", value, Num(a, "threshold"), weight)],
            "llm-rubric" => [new SuiteAssertion("llm-rubric", value, Num(a, "threshold"), weight)],
            "contains-all" or "icontains-all" => Values(value).Select(x => new SuiteAssertion(type[..^4], JsonValue.Create(x), null, weight)).ToList(),
            "contains-any" or "icontains-any" or "not-contains-any" or "not-icontains-any" => Values(value) is { Count: > 0 } any
                ? [new SuiteAssertion(type.StartsWith("not-", StringComparison.Ordinal) ? "not-regex" : "regex", Alternation(any, type.Contains("icontains", StringComparison.Ordinal)), null, weight)]
                : [],
            _ => [],
        };
        if (converted.Count == 0)
        {
            warnings.Add(ImportMessages.AssertionNoEquivalent(type));
            return [];
        }

        // What promptfoo accepted may still not hold here (a JavaScript-only regex, say): the case must load.
        var compiled = CaseAssertions.Compile(converted, location);
        if (!compiled.Success)
        {
            warnings.Add(ImportMessages.AssertionUnusable(type, compiled.Errors[0].Message));
            return [];
        }

        return converted;
    }

    // promptfoo renders assertion values with the test's variables; a value that reads a missing one cannot be filled.
    private static (JsonNode Value, bool Ok) Fill(JsonNode value, JsonObject vars)
    {
        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>() is var s && s.Contains("{{", StringComparison.Ordinal))
        {
            var template = PromptTemplate.Parse(s, default, new List<GateError>());
            return template is null || template.MissingIn(vars).Count > 0 ? (value, false) : (JsonValue.Create(template.Render(vars)), true);
        }

        return (value, true);
    }

    // The -all and -any forms take a list of values, or one string of comma-separated values.
    private static List<string> Values(JsonNode? value) => value switch
    {
        JsonArray array => [.. array.Select(x => x is JsonValue j && j.GetValueKind() == JsonValueKind.String ? j.GetValue<string>() : x?.ToJsonString() ?? "").Where(x => x.Length > 0)],
        JsonValue single when single.GetValueKind() == JsonValueKind.String => [.. single.GetValue<string>().Split(',').Select(x => x.Trim()).Where(x => x.Length > 0)],
        _ => [],
    };

    private static JsonValue Alternation(List<string> values, bool ignoreCase) =>
        JsonValue.Create((ignoreCase ? "(?i)" : "") + string.Join('|', values.Select(Regex.Escape)));
}
