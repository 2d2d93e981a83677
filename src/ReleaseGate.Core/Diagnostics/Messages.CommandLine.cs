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

    private static string Share(long part, long total) =>
        (100.0 * part / total).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string Alternatives(IReadOnlyList<string> words) => words.Count switch
    {
        1 => $"'{words[0]}'",
        _ => string.Join(", ", words.Take(words.Count - 1).Select(w => $"'{w}'")) + $" or '{words[^1]}'",
    };
}
