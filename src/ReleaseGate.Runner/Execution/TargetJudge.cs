using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Runner.Execution;

/// <summary>
/// Grades an output against a rubric by calling a judge target (with the run's retries and cache) and reading a JSON
/// answer <c>{"pass": bool, "score": 0..1, "reasoning": "..."}</c>. Any failure, a call that fails or an answer that
/// is not such an object, throws: the runner records the execution as an error, never a pass.
/// </summary>
internal sealed class TargetJudge(TargetCaller caller, string suite, string caseId, int repeat) : IJudge
{
    /// <summary>The grading prompt's first line, which rules files can match on.</summary>
    public const string Preamble = "You are grading an AI assistant's answer against a rubric.";

    public async Task<JudgeGrade> GradeAsync(string rubric, string output, CancellationToken cancellationToken)
    {
        var prompt = $"""
            {Preamble}
            Rubric: {rubric}
            Answer:
            <answer>
            {output}
            </answer>
            Reply with only a JSON object: {"{"}"pass": true or false, "score": a number from 0 to 1, "reasoning": "one or two sentences"{"}"}.
            """;
        var outcome = await caller.CallAsync(new TargetRequest(suite, caseId, repeat, null, prompt, []), cancellationToken).ConfigureAwait(false);
        if (outcome.Error is not null)
        {
            throw new TargetException($"the judge failed: {outcome.Error}");
        }

        if (outcome.Refusal)
        {
            // A refusal is no grade, whatever its text holds.
            throw new TargetException($"the judge refused to grade: {Excerpt(outcome.Response!.Output)}");
        }

        return Parse(outcome.Response!.Output);
    }

    internal static JudgeGrade Parse(string answer)
    {
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        JsonNode? node = null;
        if (start >= 0 && end > start)
        {
            try
            {
                node = JsonNode.Parse(answer[start..(end + 1)]);
            }
            catch (JsonException)
            {
                node = null;
            }
        }

        if (node is not JsonObject obj || obj["pass"] is not JsonValue pass || pass.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new TargetException($"the judge's answer is not a JSON object with a boolean 'pass': {Excerpt(answer)}");
        }

        var verdict = pass.GetValue<bool>();
        var score = verdict ? 1.0 : 0.0;
        if (obj["score"] is JsonValue s && s.GetValueKind() == JsonValueKind.Number)
        {
            score = s.GetValue<double>();
            if (score is < 0 or > 1 || double.IsNaN(score))
            {
                throw new TargetException($"the judge's score must be between 0 and 1; it said {score}");
            }
        }

        var reasoning = obj["reasoning"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : "";
        return new JudgeGrade(verdict, score, reasoning);
    }

    private static string Excerpt(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
