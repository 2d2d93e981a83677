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

    public static string RegexTimeout(string pattern, TimeSpan timeout, string output) =>
        string.Create(Invariant, $"The pattern {Excerpt.Quote(pattern)} took longer than {timeout.TotalMilliseconds} ms on the output (catastrophic backtracking), so the assertion fails; simplify the pattern. The output is {Excerpt.Quote(output)}.");

    // Errors found when the suite loads.
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
