namespace ReleaseGate.Runner.Execution;

/// <summary>Spaces request starts evenly to at most a given rate.</summary>
/// <threadsafety>Safe to call from many threads.</threadsafety>
internal sealed class RequestPacer(double perSecond, TimeProvider time)
{
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / perSecond);
    private readonly Lock _lock = new();
    private TimeSpan _next = TimeSpan.Zero;

    /// <summary>Waits for the next free slot.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var now = time.GetElapsedTime(0);
        TimeSpan slot;
        lock (_lock)
        {
            slot = _next > now ? _next : now;
            _next = slot + _interval;
        }

        var wait = slot - now;
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
