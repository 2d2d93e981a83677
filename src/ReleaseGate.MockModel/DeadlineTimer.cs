using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ReleaseGate.MockModel;

/// <summary>
/// Completes waits at a point in time (a <see cref="Stopwatch"/> timestamp) to within a few tenths of a millisecond,
/// so that a reply sent "20 ms after the request arrived" leaves after 20 ms, not 21 or 22.
/// </summary>
/// <remarks>
/// <para>
/// <c>Task.Delay</c> rounds to the millisecond and runs its callback through the timer queue and then the thread pool:
/// measured here, <c>Task.Delay(5)</c> ends after 7.6 ms and <c>Task.Delay(20)</c> after 20.4 ms on an idle machine, and
/// the mock model's replies came 1.5 to 2.9 ms late. That lateness would be charged to the client under test.
/// </para>
/// <para>
/// One thread owns a queue of deadlines. It waits on an event while the next deadline is more than
/// <see cref="CoarseMargin"/> away (a new, earlier deadline wakes it), then sleeps the rest with <c>clock_nanosleep</c>
/// to an absolute time, in steps of at most <see cref="FineStep"/>, and completes every wait that is due. Continuations run
/// on the thread pool, never on the timer's thread.
/// </para>
/// </remarks>
/// <threadsafety>All members are safe to call from any thread.</threadsafety>
internal sealed partial class DeadlineTimer : IDisposable
{
    private static readonly long CoarseMargin = Stopwatch.Frequency * 2 / 1000;
    private static readonly long FineStep = Stopwatch.Frequency / 1000;

    private readonly PriorityQueue<TaskCompletionSource, long> _queue = new();
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private long _sleepingUntil = long.MaxValue;
    private bool _disposed;

    public DeadlineTimer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "mock-model deadlines" };
        _thread.Start();
    }

    /// <summary>Completes at <paramref name="deadline"/>, a <see cref="Stopwatch.GetTimestamp"/> value; at once if it has passed.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task WaitUntilAsync(long deadline, CancellationToken cancellationToken)
    {
        if (deadline <= Stopwatch.GetTimestamp())
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool wake;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(waiter, deadline);
            wake = deadline < _sleepingUntil;
        }

        if (wake)
        {
            _wake.Set();
        }

        return cancellationToken.CanBeCanceled ? waiter.Task.WaitAsync(cancellationToken) : waiter.Task;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _wake.Set();
        _thread.Join();
        _wake.Dispose();
        while (_queue.TryDequeue(out var waiter, out _))
        {
            waiter.TrySetCanceled();
        }
    }

    private void Run()
    {
        var due = new List<TaskCompletionSource>();
        while (true)
        {
            long next;
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                while (_queue.TryPeek(out var waiter, out var deadline) && deadline <= now)
                {
                    _queue.Dequeue();
                    due.Add(waiter);
                }

                next = _queue.TryPeek(out _, out var first) ? first : long.MaxValue;
                _sleepingUntil = next;
            }

            foreach (var waiter in due)
            {
                waiter.TrySetResult();
            }

            due.Clear();
            var remaining = next == long.MaxValue ? long.MaxValue : next - Stopwatch.GetTimestamp();
            if (remaining > CoarseMargin)
            {
                // Far enough away to wait on the event; the margin absorbs its millisecond rounding.
                var milliseconds = remaining == long.MaxValue ? Timeout.Infinite : (int)Math.Min(int.MaxValue, (remaining - CoarseMargin) * 1000 / Stopwatch.Frequency);
                _wake.WaitOne(milliseconds);
            }
            else if (remaining > 0)
            {
                SleepUntil(Stopwatch.GetTimestamp() + Math.Min(remaining, FineStep));
            }
        }
    }

    private static void SleepUntil(long timestamp)
    {
        // On Linux, Stopwatch timestamps are CLOCK_MONOTONIC in nanoseconds; elsewhere a millisecond's sleep will do.
        if (!OperatingSystem.IsLinux() || Stopwatch.Frequency != 1_000_000_000)
        {
            Thread.Sleep(1);
            return;
        }

        var request = new Timespec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
        _ = NativeMethods.clock_nanosleep(ClockMonotonic, TimerAbsoluteTime, in request, IntPtr.Zero);
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
