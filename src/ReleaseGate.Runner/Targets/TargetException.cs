namespace ReleaseGate.Runner.Targets;

/// <summary>A target call failed. Transient failures (429, 5xx, timeouts, resets) are retried; others are recorded at once.</summary>
public sealed class TargetException : Exception
{
    /// <summary>Creates a failure.</summary>
    /// <param name="message">What went wrong, as the result line's <c>error</c> will say it.</param>
    /// <param name="transient">Whether trying again may succeed.</param>
    /// <param name="retryAfter">How long the endpoint asked to wait (429's Retry-After), if it said.</param>
    /// <param name="inner">The underlying exception.</param>
    public TargetException(string message, bool transient, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Transient = transient;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates a non-transient failure.</summary>
    public TargetException()
        : this("the target failed", false)
    {
    }

    /// <summary>Creates a non-transient failure.</summary>
    public TargetException(string message)
        : this(message, false)
    {
    }

    /// <summary>Creates a non-transient failure.</summary>
    public TargetException(string message, Exception inner)
        : this(message, false, null, inner)
    {
    }

    /// <summary>Whether trying again may succeed.</summary>
    public bool Transient { get; }

    /// <summary>How long the endpoint asked to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; }
}
