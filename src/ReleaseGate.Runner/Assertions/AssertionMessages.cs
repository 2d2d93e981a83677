using System.Globalization;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// The text of every assertion reason and every assertion error, in one place so that tests can assert them.
/// Reasons quote what was expected and what was found through <see cref="Excerpt.Quote"/>: shortened, never encoded
/// (whoever shows a reason encodes it for the medium).
/// </summary>
internal static class AssertionMessages
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Reasons.
    public static string Text(string verb, bool negated, bool holds, string expected, string output)
    {
        var (third, infinitive, suffix) = verb switch
        {
            "equals" => ("equals", "equal", ""),
            "contains" => ("contains", "contain", ""),
            "icontains" => ("contains", "contain", ", ignoring case"),
            _ => ("starts with", "start with", ""),
        };
        var e = Excerpt.Quote(expected);
        return (negated, holds) switch
        {
            (false, true) => $"The output {third} {e}{suffix}.",
            (false, false) => $"Expected the output to {infinitive} {e}{suffix}, but it does not; the output is {Excerpt.Quote(output)}.",
            (true, false) => $"The output does not {infinitive} {e}{suffix}.",
            (true, true) => $"Expected the output not to {infinitive} {e}{suffix}, but it does; the output is {Excerpt.Quote(output)}.",
        };
    }

    public static string Regex(bool negated, bool matches, string pattern, string output) => (negated, matches) switch
    {
        (false, true) => $"The output matches the pattern {Excerpt.Quote(pattern)}.",
        (false, false) => $"Expected the output to match the pattern {Excerpt.Quote(pattern)}, but it does not; the output is {Excerpt.Quote(output)}.",
        (true, false) => $"The output does not match the pattern {Excerpt.Quote(pattern)}.",
        (true, true) => $"Expected the output not to match the pattern {Excerpt.Quote(pattern)}, but it does; the output is {Excerpt.Quote(output)}.",
    };

    public static string RegexTimeout(string pattern, TimeSpan timeout, bool backtracking, string output) =>
        string.Create(Invariant, $"The pattern {Excerpt.Quote(pattern)} took longer than {timeout.TotalMilliseconds} ms on the output, twice ({(backtracking ? "catastrophic backtracking" : "the output is too long for it")}), so the assertion fails; simplify the pattern. The output is {Excerpt.Quote(output)}.");

    public static string RegexInvalidNow(string pattern, string detail) =>
        $"The pattern {Excerpt.Quote(pattern)} is not a valid regular expression ({detail}), so the assertion fails; the case file changed after the suite was checked. Fix the pattern and run again.";

    public static string NotJson(string problem, string output) => problem.Length == 0
        ? $"Expected the output to be valid JSON, but it is not; the output is {Excerpt.Quote(output)}."
        : $"Expected the output to be valid JSON, but it is not ({problem}); the output is {Excerpt.Quote(output)}.";

    public const string IsJson = "The output is valid JSON.";

    public const string SchemaValid = "The output is JSON that conforms to the schema.";

    public static string SchemaInvalid(string problems, string output) =>
        $"Expected the output to conform to the schema, but it does not: {Excerpt.Quote(problems)}; the output is {Excerpt.Quote(output)}.";

    public static string PointerMissing(string pointer, string output) =>
        $"Expected a value at {Excerpt.Quote(pointer)}, but the output has none there; the output is {Excerpt.Quote(output)}.";

    public static string PointerEquals(string pointer, string expected) =>
        $"The value at {Excerpt.Quote(pointer)} equals {Excerpt.Json(expected)}.";

    public static string PointerDiffers(string pointer, string expected, string found) =>
        $"Expected the value at {Excerpt.Quote(pointer)} to equal {Excerpt.Json(expected)}, but it is {Excerpt.Json(found)}.";

    public static string JsonEquals(bool negated, bool equal, string expected, string output) => (negated, equal) switch
    {
        (false, true) => $"The output equals {Excerpt.Json(expected)} as JSON.",
        (false, false) => $"Expected the output to equal {Excerpt.Json(expected)} as JSON, but it does not; the output is {Excerpt.Quote(output)}.",
        (true, false) => $"The output does not equal {Excerpt.Json(expected)} as JSON.",
        (true, true) => $"Expected the output not to equal {Excerpt.Json(expected)} as JSON, but it does; the output is {Excerpt.Quote(output)}.",
    };

    public static string NotNumber(string? pointer, string found) => pointer is null
        ? $"Expected the output to be a number, but it is {Excerpt.Quote(found)}."
        : $"Expected a number at {Excerpt.Quote(pointer)}, but found {Excerpt.Json(found)}.";

    public static string Numeric(bool pass, double expected, double tolerance, double actual) => pass
        ? string.Create(Invariant, $"The number {actual} is within {tolerance} of {expected}.")
        : string.Create(Invariant, $"Expected a number within {tolerance} of {expected}, but found {actual} (off by {Math.Abs(actual - expected)}).");

    public const string LatencyUnknown = "The latency of the call is unknown, so it cannot be shown to be within the limit.";

    public static string Latency(bool pass, double ms, double max) => pass
        ? string.Create(Invariant, $"The call took {ms:0.###} ms, within the limit of {max} ms.")
        : string.Create(Invariant, $"Expected the call to take at most {max} ms, but it took {ms:0.###} ms.");

    public static string ToolCalled(bool negated, bool called, string? tool, IReadOnlyList<string> names)
    {
        var what = tool is null ? "any tool" : Excerpt.Quote(tool);
        var calledText = names.Count == 0 ? "it called no tool" : "it called " + string.Join(", ", names.Take(10).Select(Excerpt.Quote));
        return (negated, called) switch
        {
            (false, true) => tool is null ? $"The model called a tool: {string.Join(", ", names.Take(10).Select(Excerpt.Quote))}." : $"The model called {what}.",
            (false, false) => $"Expected the model to call {what}, but {calledText}.",
            (true, false) => tool is null ? "The model called no tool." : $"The model did not call {what}.",
            (true, true) => $"Expected the model not to call {what}, but {calledText}.",
        };
    }

    public static string ToolArgsMatch(string tool, int call, bool schema) =>
        string.Create(Invariant, $"Call {call} of {Excerpt.Quote(tool)} has arguments that {(schema ? "conform to the schema" : "equal the expected ones")}.");

    public static string ToolArgsNotCalled(string tool, IReadOnlyList<string> names) =>
        $"Expected the model to call {Excerpt.Quote(tool)} with matching arguments, but {(names.Count == 0 ? "it called no tool" : "it called only " + string.Join(", ", names.Take(10).Select(Excerpt.Quote)))}.";

    public static string ToolArgsMismatch(string tool, int calls, string problem) =>
        string.Create(Invariant, $"The model called {Excerpt.Quote(tool)} {(calls == 1 ? "once" : $"{calls} times")}, but no call had matching arguments; the first {problem}.");

    public static string ArgumentsNotJson(string problem, string arguments) =>
        $"had arguments that are not valid JSON ({problem}): {Excerpt.Quote(arguments)}";

    public static string ArgumentsInvalid(string arguments, string problems) =>
        $"had arguments {Excerpt.Json(arguments)} that do not conform to the schema: {Excerpt.Quote(problems)}";

    public static string ArgumentsDiffer(string arguments, string expected) =>
        $"had arguments {Excerpt.Json(arguments)}, not {Excerpt.Json(expected)}";

    public static string Rubric(bool judgePass, double score, double? threshold, string reasoning)
    {
        var verdict = string.Create(Invariant, $"The judge graded the output {(judgePass ? "pass" : "fail")} with score {score:0.###}");
        var bar = threshold is { } t ? string.Create(Invariant, $" (threshold {t}{(score >= t ? ", reached" : ", not reached")})") : "";
        return $"{verdict}{bar}. Judge's reasoning: {Excerpt.Quote(reasoning)}";
    }

    public static string RubricBadScore(double score, string reasoning) =>
        string.Create(Invariant, $"The judge gave the score {score}, which is not between 0 and 1, so the assertion fails. Judge's reasoning: {Excerpt.Quote(reasoning)}");

    // Errors found when the suite loads.

    public static string BadSchema(string type, string detail) =>
        $"the schema of assertion '{type}' is not a valid JSON Schema: {detail} Fix the schema (references must point inside it; nothing is fetched).";

    public static string BadPointer(string type, string pointer) =>
        $"'{pointer}' in assertion '{type}' is not a JSON pointer; write it as '' (the whole document) or '/key/0/…', escaping '~' as '~0' and '/' as '~1'.";

    public static string KeyMissing(string type, string key, string shape) =>
        $"the 'value' of assertion '{type}' needs '{key}': {shape}.";

    public static string KeyUnknown(string type, string key, IEnumerable<string> allowed) =>
        $"the 'value' of assertion '{type}' has the unknown key '{key}'; allowed keys are {string.Join(", ", allowed)}.";

    public static string BothKeys(string type, string a, string b) =>
        $"the 'value' of assertion '{type}' must have either '{a}' or '{b}', not both.";

    public static string ThresholdRange(string type, string range, double value) =>
        string.Create(Invariant, $"the threshold of assertion '{type}' must be {range}; got {value}.");

    public static string LatencyLimit(string type) =>
        $"assertion '{type}' needs the limit in milliseconds, as 'threshold' (as in promptfoo) or 'value', not both.";
    public static string ValueMissing(string type, string shape) =>
        $"assertion '{type}' needs a 'value': {shape}.";

    public static string ValueWrong(string type, string shape, string actual) =>
        $"the 'value' of assertion '{type}' must be {shape}, but it is {actual}.";

    public static string ValueEmpty(string type) =>
        $"the 'value' of assertion '{type}' is empty, which every output would match; give the text to look for.";

    public static string BadRegex(string type, string detail) =>
        $"the pattern of assertion '{type}' is not a valid regular expression: {detail} Fix the pattern (.NET syntax; escape literal characters such as '(' with a backslash).";

    public static string ThresholdUnused(string type) =>
        $"assertion '{type}' does not use 'threshold'; remove it (thresholds apply to llm-rubric scores and latency limits).";

    public static string Unsupported(string type) =>
        $"assertion type '{type}' is not supported by this version of the runner.";

    public static string CaseThreshold(double threshold) =>
        string.Create(Invariant, $"the case threshold must be between 0 and 1; got {threshold}.");

    public const string NoJudge =
        "this case has an llm-rubric assertion but no judge is configured; give the run a judge target, or remove the assertion.";
}
