using System.Diagnostics;
using ReleaseGate.MockModel;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>The mock model's timer: never early whatever the order of the calls, woken by a nearer deadline, cancellable.</summary>
public sealed class DeadlineTimerTests
{
    private static long In(double milliseconds) => Stopwatch.GetTimestamp() + (long)(milliseconds * Stopwatch.Frequency / 1000);

    [Fact]
    public async Task Waits_end_at_their_deadline_never_before_whatever_the_order_of_the_calls()
    {
        using var timer = new DeadlineTimer();
        var finished = new List<int>();
        var deadlines = new long[40];
        var waits = new Task[deadlines.Length];

        // Deadlines 30 to 69 ms away, added in a shuffled order, so that later calls often bring earlier deadlines.
        var order = Enumerable.Range(0, deadlines.Length).OrderBy(i => (i * 17) % deadlines.Length).ToArray();
        var start = In(30);
        foreach (var i in order)
        {
            deadlines[i] = start + (long)i * Stopwatch.Frequency / 1000;
            var index = i;
            waits[i] = timer.WaitUntilAsync(deadlines[i], CancellationToken.None).ContinueWith(
                _ =>
                {
                    var late = Stopwatch.GetTimestamp() - deadlines[index];
                    Assert.True(late >= 0, $"wait {index} ended {-late * 1000.0 / Stopwatch.Frequency} ms early");
                    lock (finished)
                    {
                        finished.Add(index);
                    }
                },
                TaskScheduler.Default);
        }

        await Task.WhenAll(waits);
        Assert.Equal(deadlines.Length, finished.Count);
    }

    [Fact]
    public async Task A_deadline_in_the_past_ends_at_once_and_a_far_one_is_not_held_up_by_a_farther_one()
    {
        using var timer = new DeadlineTimer();
        Assert.True(timer.WaitUntilAsync(Stopwatch.GetTimestamp() - 1, CancellationToken.None).IsCompletedSuccessfully);

        // The thread is asleep until the far deadline; a nearer one must wake it.
        var far = timer.WaitUntilAsync(In(10_000), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await timer.WaitUntilAsync(In(50), CancellationToken.None);
        Assert.InRange(clock.Elapsed.TotalMilliseconds, 49, 5_000);
        Assert.False(far.IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_with_a_cancellation_and_dispose_cancels_the_rest()
    {
        var timer = new DeadlineTimer();
        using var cancel = new CancellationTokenSource();
        var cancelled = timer.WaitUntilAsync(In(60_000), cancel.Token);
        var pending = timer.WaitUntilAsync(In(60_000), CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        timer.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => timer.WaitUntilAsync(In(10), CancellationToken.None));
    }
}
