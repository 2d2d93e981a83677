namespace ReleaseGate.Runner.Execution;

/// <summary>How a run executes: concurrency, pacing, timeouts, retries, repeats and the cache.</summary>
public sealed record RunOptions
{
    /// <summary>At most this many executions are in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>At most this many requests start per second (retries included), or no limit when null.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Each request (each attempt) is abandoned after this long; a timeout is transient.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Transient failures are retried this many times before the execution is recorded as an error.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff; each retry doubles it (with jitter), up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest backoff, and the longest Retry-After honoured.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times each case runs on each target; repeats are independent calls.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>The response cache folder, or null for no cache.</summary>
    public string? CacheDirectory { get; init; }
}
