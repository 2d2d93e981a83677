using ReleaseGate.Core.Statistics;

namespace ReleaseGate.Core.Reviews;

/// <summary>Where every item of one review stands, and how far its reviewers agree.</summary>
/// <param name="Review">The review id.</param>
/// <param name="Items">Its items, in the order given.</param>
/// <param name="Agreement">Agreement over its complete items; null when it has fewer than two reviewers per item or no complete item.</param>
public sealed record ReviewOutcome(string Review, IReadOnlyList<SettledItem> Items, AgreementFigures? Agreement);
