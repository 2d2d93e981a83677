namespace ReleaseGate.MockModel;

/// <summary>How a mock-model server behaves.</summary>
public sealed record MockModelOptions
{
    /// <summary>The loopback port to listen on; 0 picks a free one (see <see cref="MockModelServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>How long each answer takes.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Each answer's latency varies uniformly by up to this much either way (never below zero).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>The scripted answers; with none, the model echoes the last user message.</summary>
    public MockRules Rules { get; init; } = MockRules.Echo;

    /// <summary>The fault-injection rates.</summary>
    public FaultRates Faults { get; init; } = FaultRates.None;

    /// <summary>What a 429 asks the client to wait: sent as <c>retry-after-ms</c> and, rounded up to seconds, <c>Retry-After</c>.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The seed of the fault and jitter generator, so that a run can be repeated.</summary>
    public int Seed { get; init; } = 1;
}
