namespace ReleaseGate.Core.Reviews;

/// <summary>An item a review of the gate sampled (<see cref="Decisions.GateEngine.ReviewSample"/>).</summary>
/// <param name="Review">The review id.</param>
/// <param name="Suite">The case's suite.</param>
/// <param name="Case">The case id.</param>
/// <param name="Reason">Why it was sampled (see <see cref="ReviewItem.Reason"/>).</param>
public sealed record SampledItem(string Review, string Suite, string Case, string Reason);
