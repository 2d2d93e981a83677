using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Prompts;
using ReleaseGate.Runner.Suites;
using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Runner.Execution;

/// <summary>
/// Runs a suite: every case, <see cref="RunOptions.Repeat"/> times, on each side (candidate, and the baseline when
/// given), with bounded concurrency. Each execution's line is streamed to the writer as soon as it finishes, so memory
/// stays bounded whatever the suite's size. A target failure becomes a line with an <c>error</c>, never a pass or a
/// fail. A stop (Ctrl-C) cancels the executions in flight; every finished execution is still written, once.
/// </summary>
/// <remarks>
/// The path from one answer to the next request is kept short: the cases are read (and their assertions compiled) a
/// block ahead on the thread pool, and an answer is graded where it is written, unless its case needs the judge. So
/// that path does no file reading and runs no assertion, and may run on the thread that receives the answer (the
/// command line enables inline socket completions for a run).
/// </remarks>
public sealed class EvalRunner
{
    // How long the writer lets finished lines gather before it writes them.
    private static readonly TimeSpan BatchPause = TimeSpan.FromMilliseconds(25);

    // How many executions are read ahead of those running, at most, per block.
    private const int ReadAheadBlock = 64;

    private readonly RunnableSuite _suite;
    private readonly IReadOnlyList<(RunSide Side, TargetCaller Caller, PromptTemplate? System, PromptTemplate? Override)> _sides;
    private readonly TargetCaller? _judge;
    private readonly RunOptions _options;

    /// <summary>Prepares a run.</summary>
    /// <param name="suite">The validated suite.</param>
    /// <param name="sides">The candidate first, then the baseline if any.</param>
    /// <param name="judge">The judge target for <c>llm-rubric</c>, if any.</param>
    /// <param name="options">How to execute.</param>
    /// <param name="time">The clock for timeouts, backoff and pacing.</param>
    public EvalRunner(RunnableSuite suite, IReadOnlyList<RunSide> sides, ITarget? judge, RunOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(sides);
        ArgumentNullException.ThrowIfNull(options);
        _suite = suite;
        _options = options;
        var pacer = options.RequestsPerSecond is { } rps ? new RequestPacer(rps, time) : null;
        _sides = [.. sides.Select(s => (s, new TargetCaller(s.Target, options, time, pacer), SystemTemplate(s.Target, suite), OverrideTemplate(s.Target)))];
        _judge = judge is null ? null : new TargetCaller(judge, options, time, pacer);
    }

    /// <summary>How many executions the run plans.</summary>
    public long Planned => (long)_suite.CaseCount * _options.Repeat * _sides.Count;

    /// <summary>Runs until every execution is written, or until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="writer">Receives the lines; flushed in whole lines.</param>
    /// <param name="progress">Updated as lines are written.</param>
    /// <param name="stop">Stops the run: executions in flight are abandoned and not written.</param>
    public async Task<RunReport> RunAsync(ResultsWriter writer, RunProgress progress, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(progress);
        // Room for what finishes while the writer pauses between batches (ConsumeAsync), at any sensible rate.
        var channel = Channel.CreateBounded<Finished>(new BoundedChannelOptions(Math.Max(1024, _options.Concurrency * 16))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var slices = new Dictionary<(string, string), SliceSummary>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = Task.Run(() => ConsumeAsync(channel.Reader, finished.Task, writer, progress, slices), CancellationToken.None);
        var complete = true;
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = stop };
            await Parallel.ForEachAsync(ReadAheadAsync(Math.Min(ReadAheadBlock, Math.Max(1, _options.Concurrency)), stop), parallel, async (item, token) =>
            {
                var done = await ExecuteAsync(item.Case, item.Repeat, item.Side, token).ConfigureAwait(false);

                // A finished execution is written even when a stop arrives now: nothing done is lost.
                await channel.Writer.WriteAsync(done, CancellationToken.None).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            complete = false;
        }
        finally
        {
            channel.Writer.Complete();
            finished.SetResult();
            await consumer.ConfigureAwait(false);
        }

        var retries = _sides.Sum(s => s.Caller.Retries) + (_judge?.Retries ?? 0);
        var ordered = slices.Values.OrderBy(s => s.Side == "candidate" ? 0 : 1).ThenBy(s => s.Slice == "(all)" ? "" : s.Slice, StringComparer.Ordinal).ToList();
        return new RunReport(Planned, writer.Lines, complete && writer.Lines == Planned, retries, ordered);
    }

    // The work items, each block read on the thread pool while the executions take the one before.
    private async IAsyncEnumerable<(PreparedCase Case, int Repeat, int Side)> ReadAheadAsync(int block, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var source = WorkItems().GetEnumerator();
        var next = Task.Run(() => Take(source, block), cancellationToken);
        try
        {
            while (true)
            {
                var items = await next.ConfigureAwait(false);
                if (items.Count == 0)
                {
                    yield break;
                }

                next = Task.Run(() => Take(source, block), cancellationToken);
                foreach (var item in items)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // The source is read by one block at a time; the last may still be reading when the run ends early.
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static List<T> Take<T>(IEnumerator<T> source, int count)
    {
        var items = new List<T>(count);
        while (items.Count < count && source.MoveNext())
        {
            items.Add(source.Current);
        }

        return items;
    }

    private IEnumerable<(PreparedCase Case, int Repeat, int Side)> WorkItems()
    {
        foreach (var c in _suite.Cases())
        {
            for (var repeat = 0; repeat < _options.Repeat; repeat++)
            {
                for (var side = 0; side < _sides.Count; side++)
                {
                    yield return (c, repeat, side);
                }
            }
        }
    }

    // Calls the target; grades the answer only when its case needs the judge (the other answers are graded by Finish).
    private async Task<Finished> ExecuteAsync(PreparedCase prepared, int repeat, int sideIndex, CancellationToken stop)
    {
        var (side, caller, system, systemOverride) = _sides[sideIndex];
        var c = prepared.Case;
        CallOutcome outcome;
        try
        {
            var request = prepared.Conversation is { } conversation
                ? conversation.Request(_suite.Name, c.Id, repeat, c.Vars, systemOverride)
                : c.Messages is null && _suite.User is { } user
                    ? new TargetRequest(_suite.Name, c.Id, repeat, system?.Render(c.Vars), user.Render(c.Vars), c.Vars)
                    : throw new InvalidOperationException($"case '{c.Id}' has neither a valid conversation nor a user prompt to send; load the suite with SuiteLoader, which reports why");
            outcome = await caller.CallAsync(request, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // Fail closed: whatever broke, the execution is an error, never a pass.
            outcome = new CallOutcome(null, $"internal error calling the target: {ex.GetType().Name}: {ex.Message}", 1, false);
        }

        var line = new ResultLine(_suite.Name, c.Id, repeat, side.Side, side.Target.Definition.Id, c.Slices, c.Severity, outcome, null, outcome.Error);
        if (outcome.Response is not { } response)
        {
            return new Finished(line, null);
        }

        if (!prepared.Assertions.RequiresJudge)
        {
            return new Finished(line, prepared.Assertions);
        }

        try
        {
            var judge = _judge is null ? null : new TargetJudge(_judge, _suite.Name, c.Id, repeat);
            var grade = await prepared.Assertions.EvaluateAsync(response, judge, stop).ConfigureAwait(false);
            return new Finished(line with { Grade = grade }, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            return new Finished(line with { Error = $"grading failed: {ex.Message}" }, null);
        }
    }

    // The line of a finished execution, graded now if its grading was left for here.
    private static ResultLine Finish(Finished done)
    {
        if (done.Ungraded is not { } assertions)
        {
            return done.Line;
        }

        try
        {
            // It runs even after a stop: the execution finished.
            return done.Line with { Grade = assertions.Evaluate(done.Line.Outcome.Response!) };
        }
        catch (Exception ex)
        {
            return done.Line with { Error = $"grading failed: {ex.Message}" };
        }
    }

    private static async Task ConsumeAsync(ChannelReader<Finished> reader, Task finished, ResultsWriter writer, RunProgress progress, Dictionary<(string, string), SliceSummary> slices)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var done))
            {
                var line = Finish(done);
                writer.Add(line);
                progress.Record(line);
                Count(slices, line, "(all)");
                foreach (var slice in line.Slices)
                {
                    Count(slices, line, slice);
                }

                if (writer.ShouldFlush)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
            }

            // Nothing more ready: write what is buffered, so a reader of the file sees finished executions promptly.
            await writer.FlushAsync().ConfigureAwait(false);

            // Then let lines gather for a moment: one wake-up and one write per batch instead of per line, which at
            // thousands of executions a second is CPU that the executions in flight need. The pause ends early when the
            // executions have all finished, so the last lines are written at once. (The channel's own completion would
            // not do: it waits until those lines have been read.) The batch, grading included, then runs on the thread
            // pool, not on the timer thread that ends the pause, which every timeout and backoff of the run waits on.
            await Task.WhenAny(finished, Task.Delay(BatchPause)).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
    }

    private static void Count(Dictionary<(string, string), SliceSummary> slices, ResultLine line, string slice)
    {
        if (!slices.TryGetValue((line.Side, slice), out var summary))
        {
            summary = new SliceSummary(line.Side, slice);
            slices[(line.Side, slice)] = summary;
        }

        if (line.Error is not null)
        {
            summary.Errored++;
        }
        else if (line.Grade!.Pass)
        {
            summary.Passed++;
        }
        else
        {
            summary.Failed++;
        }
    }

    // An execution whose call ended: its line, and the assertions still to grade its answer with, if any.
    private readonly record struct Finished(ResultLine Line, CaseAssertions? Ungraded);

    private static PromptTemplate? SystemTemplate(ITarget target, RunnableSuite suite) => OverrideTemplate(target) ?? suite.System;

    // The target's own system prompt, which replaces the suite's and a conversation's system turn.
    private static PromptTemplate? OverrideTemplate(ITarget target) =>
        target.Definition.SystemPrompt is { } text ? PromptTemplate.Parse(text, target.Definition.Location, new List<GateError>()) : null;
}
