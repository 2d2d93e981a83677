using System.Globalization;
using System.Text;
using ReleaseGate.Cli.Output;
using ReleaseGate.Runner.Execution;
using Spectre.Console;

namespace ReleaseGate.Cli.Commands;

/// <summary>How <c>eval run</c> shows progress.</summary>
internal enum ProgressMode
{
    /// <summary>A bar when standard error is a terminal, lines otherwise.</summary>
    Auto,

    /// <summary>A live progress bar.</summary>
    Bar,

    /// <summary>A plain line every few seconds, for CI logs.</summary>
    Lines,

    /// <summary>Nothing until the summary.</summary>
    None,
}

/// <content>The progress display and the summary table.</content>
public static partial class EvalRunCommand
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    private static async Task<RunReport> ShowProgressAsync(ProgressMode mode, RunProgress progress, TextWriter stderr, Func<Task<RunReport>> work)
    {
        if (mode == ProgressMode.Auto)
        {
            mode = Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error) ? ProgressMode.Lines : ProgressMode.Bar;
        }

        switch (mode)
        {
            case ProgressMode.None:
                return await work().ConfigureAwait(false);
            case ProgressMode.Lines:
                var run = work();
                while (await Task.WhenAny(run, Task.Delay(LineInterval)).ConfigureAwait(false) != run)
                {
                    await stderr.WriteLineAsync(Line(progress)).ConfigureAwait(false);
                }

                var report = await run.ConfigureAwait(false);
                await stderr.WriteLineAsync(Line(progress)).ConfigureAwait(false);
                return report;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                return await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Markup.Escape(Counts(progress)), maxValue: Math.Max(1, progress.Total));
                        var running = work();
                        while (await Task.WhenAny(running, Task.Delay(200)).ConfigureAwait(false) != running)
                        {
                            task.Value = progress.Done;
                            task.Description = Markup.Escape(Counts(progress));
                        }

                        task.Value = progress.Done;
                        task.Description = Markup.Escape(Counts(progress));
                        return await running.ConfigureAwait(false);
                    }).ConfigureAwait(false);
        }
    }

    private static string Line(RunProgress p) =>
        $"progress: {p.Done.ToString(CultureInfo.InvariantCulture)}/{p.Total.ToString(CultureInfo.InvariantCulture)} "
        + $"({(p.Total == 0 ? 100 : 100.0 * p.Done / p.Total).ToString("0", CultureInfo.InvariantCulture)}%) {Counts(p, withDone: false)}";

    private static string Counts(RunProgress p, bool withDone = true)
    {
        var eta = p.Remaining is { } r ? $", ETA {Duration(r)}" : "";
        var done = withDone ? $"{p.Done.ToString(CultureInfo.InvariantCulture)}/{p.Total.ToString(CultureInfo.InvariantCulture)} " : "";
        return done + $"pass {p.Passed.ToString(CultureInfo.InvariantCulture)}, fail {p.Failed.ToString(CultureInfo.InvariantCulture)}, "
            + $"error {p.Errored.ToString(CultureInfo.InvariantCulture)}, {p.Rate.ToString("0", CultureInfo.InvariantCulture)}/s{eta}";
    }

    private static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static void WriteSummary(RunReport report, RunProgress progress, TextWriter stdout)
    {
        // A plain ASCII table: the run's last output must not wait on a rendering library's first use (docs/benchmarks.md).
        string[] header = ["target", "slice", "executions", "pass", "fail", "error", "pass rate"];
        var rows = new List<string[]> { header };
        foreach (var s in report.Slices)
        {
            var rate = s.Total == 0 ? "-" : (100.0 * s.Passed / s.Total).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            rows.Add([TextReport.Clean(s.Side), TextReport.Clean(s.Slice), N(s.Total), N(s.Passed), N(s.Failed), N(s.Errored), rate]);
        }

        var widths = header.Select((_, c) => rows.Max(r => r[c].Length)).ToArray();
        var rule = "+" + new string('-', widths.Sum() + (3 * widths.Length) - 1) + "+";
        var text = new StringBuilder().AppendLine(rule);
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append('|');
            for (var c = 0; c < widths.Length; c++)
            {
                // The target and the slice read from the left, the numbers from the right.
                var cell = c < 2 ? rows[r][c].PadRight(widths[c]) : rows[r][c].PadLeft(widths[c]);
                text.Append(' ').Append(cell).Append(" |");
            }

            text.AppendLine();
            if (r == 0)
            {
                text.Append('|').AppendJoin('+', widths.Select(w => new string('-', w + 2))).AppendLine("|");
            }
        }

        stdout.Write(text.AppendLine(rule).ToString());
        stdout.WriteLine(
            $"{N(report.Written)} of {N(report.Planned)} executions in {Duration(progress.Elapsed)} "
            + $"({N(progress.Cached)} from the cache, {N(report.Retries)} retries); errors count as not passed.");
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
