using System.Diagnostics;
using ReleaseGate.MockModel;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>The mock model's sleep until an answer is due: never early, at once for a past deadline, stoppable.</summary>
public sealed class DeadlineTests
{
    private static long In(double milliseconds) => Stopwatch.GetTimestamp() + (long)(milliseconds * Stopwatch.Frequency / 1000);

    [Fact]
    public void Sleeps_end_at_their_deadline_never_before_on_many_threads_at_once()
    {
        // Results are asserted on the test's thread: an assertion failing on a thread of its own would end the test host.
        var lateness = new double[16];
        var returned = new bool[lateness.Length];
        var threads = Enumerable.Range(0, lateness.Length).Select(i => new Thread(() =>
        {
            var deadline = In(5 + i);
            returned[i] = Deadline.SleepUntil(deadline, () => false);
            lateness[i] = (Stopwatch.GetTimestamp() - deadline) * 1000.0 / Stopwatch.Frequency;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(returned, Assert.True);
        Assert.All(lateness, late => Assert.True(late >= 0, $"a sleep ended {-late} ms early"));
    }

    [Fact]
    public void A_deadline_in_the_past_returns_at_once_and_a_stop_ends_a_long_sleep_within_a_step()
    {
        var clock = Stopwatch.StartNew();
        Assert.True(Deadline.SleepUntil(Stopwatch.GetTimestamp() - 1, () => false));
        Assert.False(Deadline.SleepUntil(In(60_000), () => clock.ElapsedMilliseconds > 100));
        Assert.InRange(clock.ElapsedMilliseconds, 100, 10_000);
    }
}
