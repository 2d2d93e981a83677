using System.CommandLine;
using ReleaseGate.Cli.Input;
using ReleaseGate.Cli.Output;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Cli.Commands;

/// <summary><c>releasegate check</c>: evaluates a gate on local files and exits 0 (pass or pending), 1 (blocked) or 2 (bad input).</summary>
public static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var gate = new Option<string>("--gate", "-g") { Description = "The gate file (kind: Gate).", Required = true };
        var results = new Option<string[]>("--results")
        {
            Description = "Candidate results (JSONL); several files may be given. Lines with \"target\":\"baseline\" count for the baseline. '-' reads standard input.",
            AllowMultipleArgumentsPerToken = true,
        };
        var baselineResults = new Option<string[]>("--baseline-results", "-b") { Description = "Baseline results (JSONL); every line counts for the baseline.", AllowMultipleArgumentsPerToken = true };
        var release = new Option<string>("--release", "-r") { Description = "The candidate release manifest (kind: Release)." };
        var baselineRelease = new Option<string>("--baseline-release") { Description = "The baseline release manifest." };
        var waivers = new Option<string>("--waivers") { Description = "A waivers file (kind: Waivers)." };
        var now = new Option<string>("--now") { Description = "The decision time, RFC 3339 (default: now); makes expiries reproducible." };
        var format = WordOption.Create("--format", "-f", "Output format.", ReportFormat.Text);
        var output = new Option<string>("--output", "-o") { Description = "Write the report to this file instead of standard output (the verdict line still prints)." };
        var command = new Command("check", "Evaluate a gate on local result files and release manifests.")
        {
            gate, results, baselineResults, release, baselineRelease, waivers, now, format, output,
        };
        command.SetAction(parse => Run(
            new CheckArguments(
                parse.GetRequiredValue(gate),
                parse.GetValue(results) ?? [],
                parse.GetValue(baselineResults) ?? [],
                parse.GetValue(release),
                parse.GetValue(baselineRelease),
                parse.GetValue(waivers),
                parse.GetValue(now),
                parse.GetValue(format) ?? ReportFormat.Text,
                parse.GetValue(output)),
            Console.Out,
            Console.Error));
        return command;
    }

    internal sealed record CheckArguments(
        string Gate, string[] Results, string[] BaselineResults, string? Release, string? BaselineRelease, string? Waivers, string? Now, ReportFormat Format, string? Output);

    internal static int Run(CheckArguments args, TextWriter stdout, TextWriter stderr)
    {
        var time = TimeProvider.System.GetUtcNow();
        if (args.Now is not null)
        {
            if (!TimestampText.TryParse(args.Now, out time))
            {
                stderr.WriteLine($"releasegate: {ErrorCodes.Usage}: {Messages.NowFlag(args.Now)}");
                return ExitCodes.BadInput;
            }
        }

        if (args.Results.Count(r => r == "-") + args.BaselineResults.Count(r => r == "-") > 1)
        {
            stderr.WriteLine($"releasegate: {ErrorCodes.Usage}: {Messages.StdinTwice}");
            return ExitCodes.BadInput;
        }

        var request = new CheckRequest
        {
            Gate = args.Gate,
            Results = args.Results,
            BaselineResults = args.BaselineResults,
            Release = args.Release,
            BaselineRelease = args.BaselineRelease,
            Waivers = args.Waivers,
            Now = time,
        };
        var (input, errors) = CheckInputLoader.Load(request);
        if (input is null)
        {
            WriteErrors(errors, stderr);
            return ExitCodes.BadInput;
        }

        var decision = GateEngine.Decide(input);
        var exit = decision.Verdict == Verdict.Blocked ? ExitCodes.Blocked : ExitCodes.Pass;
        if (args.Output is not null)
        {
            try
            {
                WriteAtomically(args.Output, Render(decision, args.Format, color: false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine(new GateError(ErrorCodes.OutputUnwritable, Messages.Unwritable(ex.Message), SourceLocation.OfFile(args.Output)));
                return ExitCodes.BadInput;
            }

            stdout.WriteLine(ReportOrder.VerdictLine(decision));
            return exit;
        }

        if (args.Format == ReportFormat.Text)
        {
            var terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            TextReport.Write(decision, stdout, terminal && Environment.GetEnvironmentVariable("NO_COLOR") is null, terminal ? Math.Max(Console.WindowWidth, 80) : 200);
        }
        else
        {
            stdout.Write(Render(decision, args.Format, color: false));
        }

        return exit;
    }

    internal static void WriteErrors(IReadOnlyList<GateError> errors, TextWriter stderr)
    {
        foreach (var error in errors.Order())
        {
            stderr.WriteLine(Terminal.Error(error));
        }

        stderr.WriteLine($"{errors.Count} {(errors.Count == 1 ? "error" : "errors")}; nothing was decided. Fix the input and run again.");
    }

    private static string Render(GateDecision decision, ReportFormat format, bool color)
    {
        switch (format)
        {
            case ReportFormat.Json:
                return DecisionJson.Serialize(decision) + Environment.NewLine;
            case ReportFormat.Markdown:
                return MarkdownReport.Render(decision);
            case ReportFormat.Junit:
                return JUnitReport.Render(decision);
            default:
                using (var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture))
                {
                    TextReport.Write(decision, writer, color, 200);
                    return writer.ToString();
                }
        }
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a report.</summary>
    private static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, full, overwrite: true);
    }
}
