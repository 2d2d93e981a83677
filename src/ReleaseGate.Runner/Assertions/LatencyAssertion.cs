namespace ReleaseGate.Runner.Assertions;

/// <summary><c>latency</c>: the call took at most the given number of milliseconds. An unknown latency fails.</summary>
internal sealed class LatencyAssertion(string type, double weight, double maxMs) : CompiledAssertion(type, weight)
{
    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        var ms = response.LatencyMs;
        if (!double.IsFinite(ms) || ms < 0)
        {
            return Failed(AssertionMessages.LatencyUnknown);
        }

        return Outcome(ms <= maxMs, AssertionMessages.Latency(ms <= maxMs, ms, maxMs));
    }
}
