using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>A recorded decision derived again from the records it names (<see cref="ReleaseLifecycle.RederiveAllAsync"/>).</summary>
/// <param name="Release">The release decided on.</param>
/// <param name="Recorded">The decision as recorded.</param>
/// <param name="Again">The decision derived again; null when it could not be (<paramref name="Failure"/>) or records no inputs.</param>
/// <param name="Failure">Why it could not be derived again (a record it names is gone or no longer loads), or null.</param>
public sealed record Rederivation(ReleaseRecord Release, DecisionRecord Recorded, DecisionOutcome? Again, string? Failure)
{
    /// <summary>The decision JSON derived again, or null.</summary>
    public string? Json { get; } = Again?.ToJson(Release.Id);

    /// <summary>Whether the decision lists its inputs; decisions recorded before they did cannot be derived again.</summary>
    public bool HasInputs => Again is not null || Failure is not null;

    /// <summary>Whether the decision derived again is the recorded one, byte for byte.</summary>
    public bool Follows => Json == Recorded.DecisionJson;
}
