namespace ReleaseGate.Runner.Execution;

/// <summary>How long to wait before a retry: what the endpoint asked, else exponential backoff with jitter.</summary>
internal static class Backoff
{
    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    /// <param name="attempt">The attempt that just failed.</param>
    /// <param name="retryAfter">What the endpoint asked for, if anything; honoured up to <paramref name="max"/>.</param>
    /// <param name="first">The first backoff.</param>
    /// <param name="max">The cap.</param>
    /// <param name="jitter">A number in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, TimeSpan first, TimeSpan max, double jitter)
    {
        if (retryAfter is { } asked)
        {
            return asked < max ? asked : max;
        }

        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = Math.Min(exponential, max.TotalMilliseconds);

        // "Equal jitter": at least half the backoff, so that retries spread out without collapsing to zero.
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * jitter);
    }
}
