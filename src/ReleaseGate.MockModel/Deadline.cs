using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ReleaseGate.MockModel;

/// <summary>
/// Sleeps the calling thread until a point in time (a <see cref="Stopwatch"/> timestamp), to within a few tens of
/// microseconds on Linux, so that a reply sent "20 ms after the request arrived" leaves after 20 ms, not 21 or 22.
/// </summary>
/// <remarks>
/// <c>Task.Delay</c> and <c>Thread.Sleep</c> round to the millisecond, and <c>Task.Delay</c> adds a trip through the timer
/// queue and the thread pool, so its lateness would be added to every answer (docs/benchmarks.md, "runner-vs-promptfoo").
/// On Linux the sleep is <c>clock_nanosleep</c> to an absolute time on the monotonic clock,
/// which <see cref="Stopwatch"/> reads there; elsewhere it is <c>Thread.Sleep</c>, rounded up to the millisecond.
/// </remarks>
internal static partial class Deadline
{
    // The longest single sleep, so that a stopping server is noticed promptly whatever the latency.
    private static readonly long Step = Stopwatch.Frequency / 20;

    /// <summary>
    /// Returns at <paramref name="timestamp"/> (at once if it has passed), or false as soon as
    /// <paramref name="stopping"/> says so, checked at least every 50 ms.
    /// </summary>
    public static bool SleepUntil(long timestamp, Func<bool> stopping)
    {
        while (true)
        {
            if (stopping())
            {
                return false;
            }

            var now = Stopwatch.GetTimestamp();
            if (now >= timestamp)
            {
                return true;
            }

            Sleep(Math.Min(timestamp, now + Step), now);
        }
    }

    private static void Sleep(long until, long now)
    {
        if (OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000)
        {
            var request = new Timespec { Seconds = until / 1_000_000_000, Nanoseconds = until % 1_000_000_000 };
            _ = NativeMethods.clock_nanosleep(ClockMonotonic, TimerAbsoluteTime, in request, IntPtr.Zero);
            return;
        }

        Thread.Sleep(TimeSpan.FromMilliseconds(Math.Ceiling((until - now) * 1000.0 / Stopwatch.Frequency)));
    }

    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
        public static partial int clock_nanosleep(int clock, int flags, in Timespec request, IntPtr remaining);
    }
}
