namespace ReleaseGate.Cli.Input;

/// <summary>A clock stopped at the decision's time, so that <c>now()</c> in a policy gives the same answer on every run.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
