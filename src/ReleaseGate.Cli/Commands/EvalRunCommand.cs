using System.CommandLine;
using System.Globalization;
using ReleaseGate.Cli.Output;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;
using ReleaseGate.Runner.Execution;
using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate eval run</c>: runs a suite against a target (and a baseline side by side), streams results JSONL,
/// shows progress, and prints a summary per slice. Exits 0 when every execution has its line (passes, failures and
/// errors alike: the gate decides), 4 when every execution of a target errored or more than <c>--max-error-share</c> of
/// them did, 2 on bad input, or when the run was stopped and its results are incomplete.
/// </summary>
public static partial class EvalRunCommand
{
    /// <summary>Builds the <c>eval</c> command with its <c>run</c> verb.</summary>
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "The suite file (kind: Suite).", Required = true };
        var targets = new Option<string>("--targets") { Description = "A targets file (kind: Targets) defining the targets by id." };
        var target = new Option<string>("--target")
        {
            Description = "The candidate target: an id from --targets, or inline as openai:MODEL@BASE_URL, http:URL or command:PROGRAM.",
            Required = true,
        };
        var baseline = new Option<string>("--baseline-target") { Description = "A baseline target run side by side on the same cases (paired results, \"target\":\"baseline\")." };
        var judge = new Option<string>("--judge-target") { Description = "The target that grades llm-rubric assertions." };
        var output = new Option<string>("--output", "-o") { Description = "The results file (JSONL) to write; a sidecar FILE.run.json records whether the run finished.", Required = true };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Executions in flight at once.", DefaultValueFactory = _ => 8 };
        var rps = new Option<double?>("--rps") { Description = "At most this many requests per second (retries included)." };
        var timeout = new Option<string>("--timeout") { Description = "Per-request timeout, such as 30s or 2m.", DefaultValueFactory = _ => "60s" };
        var retries = new Option<int>("--retries") { Description = "Retries of transient failures (429, 5xx, timeouts, resets) before an execution is an error.", DefaultValueFactory = _ => 4 };
        var repeat = new Option<int>("--repeat") { Description = "Run each case this many times on each target (independent calls).", DefaultValueFactory = _ => 1 };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the response cache." };
        var cacheDir = new Option<string>("--cache-dir") { Description = "The response cache folder (default: $XDG_CACHE_HOME/releasegate/responses or ~/.cache/releasegate/responses)." };
        var maxErrorShare = new Option<double?>("--max-error-share")
        {
            Description = "Exit 4 when more than this share (0 to 1) of a target's executions errored. Without it, exit 4 only when every execution of a target errored.",
        };
        var progress = WordOption.Create("--progress", null, "Progress display: auto is a bar on a terminal and lines otherwise.", ProgressMode.Auto);
        var run = new Command("run", "Run an eval suite against a target and stream the results as JSONL.")
        {
            suite, targets, target, baseline, judge, output, concurrency, rps, timeout, retries, repeat, noCache, cacheDir, maxErrorShare, progress,
        };
        run.SetAction((parse, cancellationToken) => RunAsync(
            new EvalRunArguments(
                parse.GetRequiredValue(suite), parse.GetValue(targets), parse.GetRequiredValue(target), parse.GetValue(baseline), parse.GetValue(judge),
                parse.GetRequiredValue(output), parse.GetValue(concurrency), parse.GetValue(rps), parse.GetValue(timeout)!, parse.GetValue(retries),
                parse.GetValue(repeat), parse.GetValue(noCache), parse.GetValue(cacheDir), parse.GetValue(progress) ?? ProgressMode.Auto, parse.GetValue(maxErrorShare)),
            Console.Out,
            Console.Error,
            cancellationToken));
        return new Command("eval", "Run eval suites.") { run };
    }

    internal sealed record EvalRunArguments(
        string Suite, string? Targets, string Target, string? Baseline, string? Judge, string Output, int Concurrency, double? Rps, string Timeout,
        int Retries, int Repeat, bool NoCache, string? CacheDir, ProgressMode Progress, double? MaxErrorShare = null);

    internal static async Task<int> RunAsync(EvalRunArguments args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        if (Usage(args) is { } problem)
        {
            await stderr.WriteLineAsync($"releasegate: {ErrorCodes.Usage}: {problem}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        _ = DurationText.TryParse(args.Timeout, out var timeout);
        var options = new RunOptions
        {
            Concurrency = args.Concurrency,
            RequestsPerSecond = args.Rps,
            Timeout = timeout,
            MaxRetries = args.Retries,
            Repeat = args.Repeat,
            CacheDirectory = args.NoCache ? null : args.CacheDir ?? DefaultCacheDirectory(),
        };
        var errors = new List<GateError>();
        using var factory = new TargetFactory(args.Concurrency + 8);
        var setup = RunSetup.Load(args.Suite, args.Targets, args.Target, args.Baseline, args.Judge, options, factory, Environment.GetEnvironmentVariable, errors);
        if (setup is null)
        {
            WriteErrors(errors, stderr);
            return ExitCodes.BadInput;
        }

        var runner = new EvalRunner(setup.Suite, setup.Sides, setup.Judge, options, TimeProvider.System);
        var started = TimeProvider.System.GetUtcNow();
        ResultsWriter writer;
        try
        {
            var stream = new FileStream(args.Output, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            writer = new ResultsWriter(stream);
            RunManifest.Write(args.Output, "running", setup.Suite.Name, setup.Sides, options, runner.Planned, started, null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync(new GateError(ErrorCodes.ResultsUnwritable, Unwritable(args.Output, ex.Message), SourceLocation.OfFile(args.Output)).ToString()).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        // The process-wide settings were applied at start (Program.cs); this one needs the size of the run.
        EvalRunTuning.BeforeRun(runner.Planned);

        var progress = new RunProgress(runner.Planned, TimeProvider.System);
        RunReport report;
        await using (writer.ConfigureAwait(false))
        {
            report = await ShowProgressAsync(args.Progress, progress, stderr, () => runner.RunAsync(writer, progress, stop)).ConfigureAwait(false);
        }

        RunManifest.Write(args.Output, report.Complete ? "complete" : "incomplete", setup.Suite.Name, setup.Sides, options, runner.Planned, started, report, TimeProvider.System.GetUtcNow());
        WriteSummary(report, progress, stdout);
        if (!report.Complete)
        {
            await stderr.WriteLineAsync(
                $"{args.Output}: {ErrorCodes.RunIncomplete}: the run was stopped: {report.Written} of {report.Planned} executions were written. "
                + $"{RunManifest.PathFor(args.Output)} marks the file incomplete; run again to get every case.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        await stdout.WriteLineAsync($"wrote {report.Written.ToString(CultureInfo.InvariantCulture)} results to {args.Output}").ConfigureAwait(false);
        var errored = TooManyErrors(report, args.MaxErrorShare, progress.FirstError);
        foreach (var line in errored)
        {
            await stderr.WriteLineAsync(line).ConfigureAwait(false);
        }

        return errored.Count > 0 ? ExitCodes.TooManyErrors : ExitCodes.Pass;
    }

    private static string? Usage(EvalRunArguments args)
    {
        if (args.Concurrency is < 1 or > 4096)
        {
            return $"--concurrency must be between 1 and 4096; got {args.Concurrency}.";
        }

        if (args.Rps is { } r && !(r > 0))
        {
            return $"--rps must be a positive number of requests per second; got {r.ToString(CultureInfo.InvariantCulture)}.";
        }

        if (!DurationText.TryParse(args.Timeout, out var t) || t <= TimeSpan.Zero)
        {
            return $"--timeout must be a duration such as 30s or 2m; got '{args.Timeout}'.";
        }

        if (args.Retries is < 0 or > 100)
        {
            return $"--retries must be between 0 and 100; got {args.Retries}.";
        }

        if (args.Repeat is < 1 or > 1000)
        {
            return $"--repeat must be between 1 and 1000; got {args.Repeat}.";
        }

        if (args.MaxErrorShare is { } share && !(share is >= 0 and <= 1))
        {
            return $"--max-error-share must be a share between 0 and 1, such as 0.2; got {share.ToString(CultureInfo.InvariantCulture)}.";
        }

        return args.NoCache && args.CacheDir is not null ? "--no-cache and --cache-dir contradict each other; give one of them." : null;
    }

    /// <summary>
    /// RG1316 for each target whose executions errored beyond what the run accepts: all of them by default, more than
    /// <paramref name="maxShare"/> when it is given. Each side counts alone: a baseline that never answered makes the
    /// paired comparison meaningless however well the candidate did.
    /// </summary>
    private static List<string> TooManyErrors(RunReport report, double? maxShare, string? firstError)
    {
        var lines = new List<string>();
        foreach (var side in report.Slices.Where(s => s.Slice == "(all)" && s.Total > 0))
        {
            var over = maxShare is { } max ? side.Errored > max * side.Total : side.Errored == side.Total;
            if (over)
            {
                var error = firstError is null ? null : Terminal.Safe(firstError);
                lines.Add($"releasegate: {ErrorCodes.RunErrored}: {Messages.RunErrored(TextReport.Clean(side.Side), side.Errored, side.Total, maxShare, error)}");
            }
        }

        return lines;
    }

    private static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "releasegate", "responses");
    }

    private static string Unwritable(string path, string reason) =>
        $"cannot write the results file {path}: {reason.TrimEnd('.')}. Check that the folder exists and is writable.";

    private static void WriteErrors(List<GateError> errors, TextWriter stderr)
    {
        foreach (var error in errors.Distinct().Order().Take(200))
        {
            stderr.WriteLine(error.ToString());
        }

        if (errors.Count > 200)
        {
            stderr.WriteLine($"… and {errors.Count - 200} more.");
        }

        stderr.WriteLine($"{errors.Count} {(errors.Count == 1 ? "error" : "errors")}; nothing was run. Fix the input and run again.");
    }
}
