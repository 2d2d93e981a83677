namespace ReleaseGate.Core.Diagnostics;

/// <content>Messages of the command line's own errors (RG1313–RG1329).</content>
public static partial class Messages
{
    /// <summary>RG1313: <paramref name="given"/> is not a command of <paramref name="parent"/>.</summary>
    public static string UnknownCommand(string given, string parent, IReadOnlyList<string> nearest, IEnumerable<string> all) =>
        $"'{given}' is not a {parent} command; "
        + (nearest.Count > 0 ? $"did you mean {Alternatives(nearest)}?" : $"the commands are {string.Join(", ", all)}.")
        + $" Run '{parent} --help' for what each does.";

    /// <summary>RG1314: <paramref name="given"/> is not an option of <paramref name="command"/>.</summary>
    public static string UnknownOption(string given, string command, IReadOnlyList<string> nearest) =>
        $"'{given}' is not an option of {command}"
        + (nearest.Count > 0 ? $"; did you mean {Alternatives(nearest)}?" : ".")
        + $" Run '{command} --help' for its options.";

    /// <summary>RG1315: <paramref name="given"/> is not one of the words <paramref name="option"/> takes.</summary>
    public static string OptionWord(string option, string given, IReadOnlyList<string> nearest, IReadOnlyList<string> all) =>
        $"{option} does not take '{given}'; "
        + (nearest.Count > 0 ? $"did you mean {Alternatives(nearest)}? It takes " : "it takes ")
        + Alternatives(all) + ".";

    /// <summary>RG1315: <paramref name="given"/> is not of the kind <paramref name="option"/> takes (a number, a duration).</summary>
    public static string OptionValue(string option, string given, string kind) =>
        $"{option} takes {kind}; got '{given}'.";

    /// <summary>RG1316: the executions of <paramref name="side"/> errored beyond what the run accepts.</summary>
    public static string RunErrored(string side, long errored, long total, double? maxShare, string? firstError) =>
        (errored == total ? $"every execution of the {side} errored ({errored} of {total})" : $"{errored} of {total} executions of the {side} errored ({Share(errored, total)}, above --max-error-share {maxShare?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)})")
        + (firstError is null ? "" : $"; the run's first error: {firstError}")
        + ". The results are written, but they say little about the target: check that it is reachable and answers (its URL, port and key), then run again.";

    private const string ResultsInstead = "pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results";

    /// <summary>RG1045: a gate file given as results.</summary>
    public const string MisplacedGate =
        "this is a gate file (kind: Gate), not results JSONL; pass it with --gate, and " + ResultsInstead + ".";

    /// <summary>RG1045: a suite file given as results.</summary>
    public const string MisplacedSuite =
        "this is a suite file (kind: Suite), not results JSONL; run it first with 'releasegate eval run --suite FILE --target T -o results.jsonl', then pass results.jsonl with --results.";

    /// <summary>RG1045: a release manifest given as results.</summary>
    public const string MisplacedRelease =
        "this is a release manifest (kind: Release), not results JSONL; pass it with --release (-r), and " + ResultsInstead + ".";

    /// <summary>RG1045: a waivers file given as results.</summary>
    public const string MisplacedWaivers =
        "this is a waivers file (kind: Waivers), not results JSONL; pass it with --waivers, and " + ResultsInstead + ".";

    /// <summary>RG1045: a decision JSON given as results.</summary>
    public const string MisplacedDecision =
        "this is a decision (what 'check --format json' or the server's API returns), not results JSONL; " + ResultsInstead + ".";

    /// <summary>RG1045: another ReleaseGate document given as results.</summary>
    public static string MisplacedReleaseGateFile(string kind) =>
        $"this is a ReleaseGate file of kind {DisplayText.Escape(kind)}, not results JSONL; {ResultsInstead}.";

    /// <summary>RG1045: the run record (<c>FILE.run.json</c>) given as results.</summary>
    public static string MisplacedRunRecord(string? results) =>
        $"this is the record of an eval run (FILE.run.json), not results JSONL; pass the results file it describes{(results is null ? "" : $" ({results})")} with --results.";

    /// <summary>RG1045: another tool's report given as results.</summary>
    public static string MisplacedImport(string what, string importer) =>
        $"this is {what}, not results JSONL; turn it into results with 'releasegate import {importer} FILE -o results.jsonl' and pass that with --results.";

    /// <summary>RG1045: results JSONL given where <paramref name="expected"/> (a document, said in words) was expected.</summary>
    public static string MisplacedResults(string expected, string option) =>
        $"this is a results file (JSONL), not {expected}; pass it with {option}.";

    private static string Share(long part, long total) =>
        (100.0 * part / total).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string Alternatives(IReadOnlyList<string> words) => words.Count switch
    {
        1 => $"'{words[0]}'",
        _ => string.Join(", ", words.Take(words.Count - 1).Select(w => $"'{w}'")) + $" or '{words[^1]}'",
    };
}
