namespace ReleaseGate.Core.Diagnostics;

/// <summary>The text of every error message, so that wording lives in one place and tests can assert it.</summary>
public static partial class Messages
{
    internal static string YamlSyntax(string detail) =>
        $"YAML syntax error: {detail}. Check the indentation and punctuation at this position.";

    internal static string YamlRunOn(int nextLine) =>
        $"YAML syntax error: the value on this line runs on into line {nextLine}, which holds a key; add the ':' this line is missing (key: value), or indent line {nextLine} less.";

    internal const string Tab =
        "tab character in indentation; YAML indents with spaces only. Replace the tab with spaces.";

    internal static string Duplicate(string key, int firstLine) =>
        $"duplicate key '{key}' (first defined on line {firstLine}); keep one of them.";

    internal static string Unknown(string key, string context, string? suggestion, IEnumerable<string> allowed) =>
        suggestion is not null
            ? $"unknown key '{key}' in {context}; did you mean '{suggestion}'?"
            : $"unknown key '{key}' in {context}; allowed keys are {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.";

    internal static string Missing(string key, string context) =>
        $"missing required key '{key}' in {context}; add it.";

    internal static string Empty(string key, string context) =>
        $"'{key}' in {context} has no value; give it one.";

    internal static string WrongType(string key, string expected, string actual) =>
        $"'{key}' must be {expected}, but it is {actual}.";

    internal static string OutOfRange(string key, string range, string value) =>
        $"'{key}' must be {range}; got {value}.";

    internal static string Choice(string key, string value, IEnumerable<string> allowed, string? suggestion) =>
        $"'{key}' must be one of {string.Join(", ", allowed)}; got '{value}'" + (suggestion is null ? "." : $". Did you mean '{suggestion}'?");

    internal static string ApiVersion(string? value) => value is null
        ? "missing 'apiVersion'; the first line of the file should be 'apiVersion: releasegate/v1'."
        : $"unsupported apiVersion '{value}'; this version of ReleaseGate reads 'releasegate/v1'.";

    internal static string Kind(string? value, string expected) => value is null
        ? $"missing 'kind'; add 'kind: {expected}' after apiVersion."
        : $"kind '{value}' cannot be read here; this file must be 'kind: {expected}'.";

    internal static string Duration(string key, string value) =>
        $"'{key}' must be a duration such as 90s, 30m, 48h or 14d (units can be combined: 1d12h); got '{value}'.";

    internal static string DuplicateId(string what, string id, int firstLine) =>
        $"duplicate {what} '{id}' (first on line {firstLine}); each {what} must be unique.";

    internal static string Unclosed(char opener, char closer) =>
        $"'{opener}' opened here is never closed; add the matching '{closer}'.";

    /// <summary>An evidence read stopped because it holds more than <paramref name="max"/> distinct cases; the server also reports it for stored evidence.</summary>
    public static string TooManyCases(long max) =>
        $"the evidence holds more than {max} distinct cases (suite and case id pairs, candidate and baseline together); reading stopped here. Split the evaluation across releases, reuse case ids across repeats (use 'repeat'), or ask the operator to raise MaxEvidenceCases.";

    internal const string InconclusiveWithoutReview =
        "'on_inconclusive: review' sends the cases behind an inconclusive comparison to people, but the gate has no 'reviews'; add a review (its first review samples those cases), or use 'on_inconclusive: warn'.";

    internal static string Timestamp(string key, string value) =>
        $"'{key}' must be an RFC 3339 timestamp with a zone, such as 2026-12-01T00:00:00Z; got '{value}'.";

    internal const string EmptyDocument =
        "the file is empty; it must hold one YAML mapping that starts with 'apiVersion: releasegate/v1' and a 'kind'.";

    internal const string ManyDocuments =
        "the file holds more than one YAML document ('---'); put each gate, release or waiver list in its own file.";

    internal const string RootNotMapping =
        "the document must be a mapping of keys to values, starting with 'apiVersion: releasegate/v1'.";

    internal static string Pattern(string pattern, string reason) =>
        $"check pattern '{pattern}' is not valid: {reason}.";

    internal static string InvalidName(string what, string value) =>
        $"{what} '{value}' is not a valid name; use letters, digits, '.', '_' and '-', starting with a letter or digit (it becomes part of check ids).";

    /// <summary>A policy or approval condition (<paramref name="what"/>) that does not parse as CEL; <paramref name="detail"/> is the parser's reason.</summary>
    public static string PolicySyntax(string what, string detail) =>
        $"{what} is not valid CEL: {detail}. Check the expression's syntax.";

    /// <summary>A policy reads <paramref name="field"/>, which the policy input document does not have, with a did-you-mean when <paramref name="suggestion"/> is given.</summary>
    public static string PolicyUnknownField(string what, string field, string? suggestion) =>
        $"{what} reads '{field}', which the input document does not have" + (suggestion is null
            ? "; see docs/formats.md for the fields of release, baseline, changes, gate and evals."
            : $"; did you mean '{suggestion}'?");

    /// <summary>A policy or approval condition that evaluates to something other than a boolean.</summary>
    public static string PolicyNotBoolean(string what, string detail) =>
        $"{what} must evaluate to true or false, but {detail}.";

    /// <summary>A results line that is not valid JSON; <paramref name="detail"/> is the JSON reader's reason.</summary>
    internal static string ResultJson(string detail) =>
        $"the line is not valid JSON ({detail}); each line must be one JSON object, such as {{\"suite\":\"s\",\"case\":\"c\",\"pass\":true}}.";

    internal const string ResultNotObject =
        "the line must be one JSON object, such as {\"suite\":\"s\",\"case\":\"c\",\"pass\":true}.";

    internal static string ResultMissing(string field) =>
        $"the result has no '{field}'; every line needs 'suite', 'case' and one of 'pass' or 'error'.";

    /// <summary>The detail given with <see cref="ResultJson"/> when a <c>\u</c> escape encodes half of a surrogate pair.</summary>
    public const string LoneSurrogate = "a \\u escape in a name encodes half a character (a lone surrogate)";

    internal const string ResultTrailing =
        "the line holds more than one JSON value; put each result on its own line.";

    internal static string ResultType(string field, string expected) =>
        $"field '{field}' must be {expected}.";

    internal const string ResultNoOutcome =
        "the result has neither 'pass' (true or false) nor 'error' (a message); a result without an outcome cannot count as evidence.";

    internal static string ResultsTruncated(int shown, long total) =>
        $"{total} lines are invalid; the first {shown} are listed. Fix these and run again.";

    /// <summary>A named input file that cannot be read; <paramref name="reason"/> is the operating system's reason.</summary>
    public static string Unreadable(string reason) =>
        $"cannot read the file: {reason}. Check the path and the permissions.";

    /// <summary>A suite file whose own name differs from the suite name the gate gives it.</summary>
    public static string SuiteMismatch(string named, string inFile) =>
        $"the gate names suite '{named}' but this file is suite '{inFile}'; point 'file' at the suite's own file.";

    /// <summary>A file named by another document (a prompt, a policy, a suite) that cannot be read.</summary>
    public static string UnreadableReferenced(string path, string reason) =>
        $"cannot read {path}: {reason}. Check the path, which is relative to this file.";

    /// <summary>A release manifest names a prompt file that does not exist, so the release digest cannot be computed.</summary>
    public static string MissingPrompt(string path) =>
        $"the prompt file {path} does not exist; prompts are part of the release, so its identity cannot be computed. Check the path, which is relative to this manifest.";

    /// <summary>A report file that cannot be written; <paramref name="reason"/> is the operating system's reason.</summary>
    public static string Unwritable(string reason) =>
        $"cannot write the report: {reason.TrimEnd('.')}. Check that the folder exists and is writable.";

    /// <summary>A <c>--now</c> value that is not an RFC 3339 timestamp with a zone.</summary>
    public static string NowFlag(string value) =>
        $"--now must be an RFC 3339 timestamp with a zone, such as 2026-12-01T00:00:00Z; got '{value}'.";

    /// <summary>Two inputs of one command both name standard input (<c>-</c>).</summary>
    public const string StdinTwice = "standard input ('-') can be read once only.";

    /// <summary>A release whose workflow differs from the workflow of the gate it is checked against.</summary>
    public static string WorkflowMismatch(string release, string gate) =>
        $"the release is for workflow '{release}' but the gate is for '{gate}'; pass the gate of the release's workflow.";

    internal static string YamlTooDeep(int limit) =>
        $"the document nests lists and mappings more than {limit} levels deep; flatten it (ReleaseGate reads at most {limit} levels).";

    internal static string YamlTooManyAliases(int limit) =>
        $"the document uses more than {limit} aliases ('*name'); write the values out, or use fewer aliases.";

    internal static string YamlExpansion(string what, long limit) =>
        $"with its aliases expanded the document would have more than {limit} {what}; aliases are counted as copies of what they name, so write the values out or use fewer aliases.";

    internal static string YamlAliasExpansion(string what, long allowance) =>
        $"its aliases would add more {what} than the document writes out, plus {allowance}; aliases are counted as copies of what they name, so write the values out or use fewer aliases.";

    internal static string DocumentTooLarge(long limit) =>
        $"the file is larger than {limit} bytes, the limit for a YAML document; split it (a suite can keep its cases in JSONL files).";

    internal static string StringTooLong(int limit) =>
        $"this string is longer than {limit} characters, the limit for one value; keep long texts in files the document names.";

    internal const string InvalidUtf8 =
        "the text is not valid UTF-8 at this position; save the file as UTF-8 (ReleaseGate keeps inputs exactly as given, so it does not replace bad bytes).";

    internal static string NotFinite(string key, string value) =>
        $"'{key}' must be a finite number; got {value}.";

    /// <summary>A JSONL line longer than <paramref name="limit"/> bytes; the rest of the line is skipped.</summary>
    public static string LineTooLong(long limit) =>
        $"the line is longer than {limit} bytes, the limit for one JSONL line; the rest of the line was skipped. Shorten the values (long outputs can be truncated) or split the line.";

    /// <summary>An imported result whose JSONL line would exceed <paramref name="limit"/> bytes.</summary>
    public static string ElementTooLarge(long limit) =>
        $"the result that starts on this line is longer than {limit} bytes, the limit for one result (it becomes one JSONL line); shorten its outputs.";

    /// <summary>A JSON line that nests arrays and objects deeper than <paramref name="limit"/> levels.</summary>
    internal static string JsonTooDeep(int limit) =>
        $"the line nests arrays and objects more than {limit} levels deep; flatten the value (ReleaseGate reads at most {limit} levels).";

    /// <summary>A JSON number too large to be a finite double.</summary>
    internal static string JsonNotFinite(string value) =>
        $"the number {value} is too large to be finite; numbers must fit a 64-bit floating point value.";
}
