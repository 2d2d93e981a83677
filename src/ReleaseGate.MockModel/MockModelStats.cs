namespace ReleaseGate.MockModel;

/// <summary>What a mock-model server has done so far; safe to read from any thread while it runs.</summary>
public sealed class MockModelStats
{
    private long _requests;
    private long _answered;
    private long _rateLimited;
    private long _serverErrors;
    private long _timeouts;
    private long _malformed;

    /// <summary>Chat-completion requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests answered normally.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Requests answered 429 on purpose.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Requests answered 500 on purpose.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Requests left unanswered on purpose.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Requests answered with malformed JSON on purpose.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    internal void Count(MockOutcome outcome)
    {
        Interlocked.Increment(ref _requests);
        _ = outcome switch
        {
            MockOutcome.Answer => Interlocked.Increment(ref _answered),
            MockOutcome.RateLimited => Interlocked.Increment(ref _rateLimited),
            MockOutcome.ServerError => Interlocked.Increment(ref _serverErrors),
            MockOutcome.Timeout => Interlocked.Increment(ref _timeouts),
            _ => Interlocked.Increment(ref _malformed),
        };
    }
}

/// <summary>What the mock model does with one request.</summary>
internal enum MockOutcome
{
    Answer,
    RateLimited,
    ServerError,
    Timeout,
    Malformed,
}
