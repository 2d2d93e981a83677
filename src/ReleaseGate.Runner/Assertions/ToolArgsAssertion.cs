using System.Text.Json;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>tool-args</c>: some call of the named tool has arguments that are JSON and either validate against <c>schema</c> or
/// equal <c>equals</c> (deeply, key order aside). Malformed arguments never match.
/// </summary>
internal sealed class ToolArgsAssertion(string type, double weight, string tool, SchemaCheck? schema, JsonElement? expected) : CompiledAssertion(type, weight)
{
    private readonly string? _expectedText = expected?.GetRawText();

    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        string? firstProblem = null;
        var count = 0;
        foreach (var call in response.ToolCalls)
        {
            if (!string.Equals(call.Name, tool, StringComparison.Ordinal))
            {
                continue;
            }

            count++;
            if (Matches(call.Arguments, out var problem))
            {
                return Passed(AssertionMessages.ToolArgsMatch(tool, count, schema is not null));
            }

            firstProblem ??= problem;
        }

        return Failed(count == 0
            ? AssertionMessages.ToolArgsNotCalled(tool, response.ToolCalls.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList())
            : AssertionMessages.ToolArgsMismatch(tool, count, firstProblem!));
    }

    private bool Matches(string arguments, out string problem)
    {
        using var document = JsonOutput.TryParse(arguments, out var parseProblem);
        if (document is null)
        {
            problem = AssertionMessages.ArgumentsNotJson(parseProblem, arguments);
            return false;
        }

        if (schema is not null)
        {
            var valid = schema.Validate(document.RootElement, out var problems);
            problem = valid ? "" : AssertionMessages.ArgumentsInvalid(arguments, problems);
            return valid;
        }

        var equal = JsonEquality.AreEqual(expected!.Value, document.RootElement);
        problem = equal ? "" : AssertionMessages.ArgumentsDiffer(arguments, _expectedText!);
        return equal;
    }
}
