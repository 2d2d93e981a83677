using System.Text.Json;
using ReleaseGate.Core.Diagnostics;
using static ReleaseGate.Runner.Import.PromptfooResults;

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
    /// <summary>Imports the promptfoo results at <paramref name="path"/>, writing result lines to <paramref name="output"/>.</summary>
    /// <param name="path">The promptfoo output file.</param>
    /// <param name="displayName">The file name as the user gave it, for error locations.</param>
    /// <param name="options">Suite name, target and provider.</param>
    /// <param name="output">Where the lines go; nothing is written when the file is invalid.</param>
    /// <returns>What was written, or the errors (<c>RG1470</c>, <c>RG1105</c> for a result over the size limit, or <c>RG1201</c> when the file cannot be read).</returns>
    public static ParseResult<ImportSummary> Import(string path, string displayName, ImportOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        PromptfooResults.Survey survey;
        try
        {
            survey = PromptfooResults.Check(path, displayName, options.Provider);
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
        foreach (var result in PromptfooResults.Read(path, displayName, survey))
        {
            writer.Write(ToResult(result.Element, survey.SeveralPrompts));
        }

        return ParseResult<ImportSummary>.Ok(writer.Summary(0));
    }

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
