using ReleaseGate.Runner.Assertions;

namespace ReleaseGate.Runner.Execution;

/// <summary>The end of calling a target for one execution, retries included.</summary>
/// <param name="Response">
/// The answer, or null when the call failed. Its <see cref="TargetResponse.LatencyMs"/> is the whole execution: from the
/// start of the first attempt to the answer, the retries and their waits included.
/// </param>
/// <param name="Error">Why the call failed, or null.</param>
/// <param name="Attempts">How many requests were made (0 for a cache hit).</param>
/// <param name="Cached">Whether the answer came from the cache.</param>
public sealed record CallOutcome(TargetResponse? Response, string? Error, int Attempts, bool Cached)
{
    /// <summary>Whether the answer is the model's refusal (<see cref="Targets.TargetAnswer.Refusal"/>), its text the output.</summary>
    public bool Refusal { get; init; }

    /// <summary>How long the attempt that answered took, in milliseconds (null when unknown, as for an old cache entry).</summary>
    public double? LastAttemptMs { get; init; }
}
