namespace ReleaseGate.Runner.Execution;

/// <summary>Live counts of a run, for a progress display; the writer updates them, anyone may read them.</summary>
/// <threadsafety>Counters are read and written atomically.</threadsafety>
public sealed class RunProgress
{
    private long _done;
    private long _passed;
    private long _failed;
    private long _errored;
    private long _cached;
    private string? _firstError;

    /// <summary>Creates progress for a run of <paramref name="total"/> executions.</summary>
    public RunProgress(long total, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Total = total;
        Time = time;
        Started = time.GetTimestamp();
    }

    /// <summary>How many executions the run plans.</summary>
    public long Total { get; }

    /// <summary>Executions finished and written.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Executions that passed.</summary>
    public long Passed => Interlocked.Read(ref _passed);

    /// <summary>Executions that failed their assertions.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Executions that errored (target or judge failure).</summary>
    public long Errored => Interlocked.Read(ref _errored);

    /// <summary>The error of the first execution that errored, or null: what a run whose every call failed most likely shows.</summary>
    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Executions answered from the cache.</summary>
    public long Cached => Interlocked.Read(ref _cached);

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => Time.GetElapsedTime(Started);

    /// <summary>Executions per second so far.</summary>
    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>The estimated time left, or null before anything finished.</summary>
    public TimeSpan? Remaining => Rate > 0 ? TimeSpan.FromSeconds((Total - Done) / Rate) : null;

    private TimeProvider Time { get; }

    private long Started { get; }

    internal void Record(ResultLine line)
    {
        if (line.Error is not null)
        {
            Interlocked.Increment(ref _errored);
            Interlocked.CompareExchange(ref _firstError, line.Error, null);
        }
        else if (line.Grade!.Pass)
        {
            Interlocked.Increment(ref _passed);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }

        if (line.Outcome.Cached)
        {
            Interlocked.Increment(ref _cached);
        }

        Interlocked.Increment(ref _done);
    }
}
