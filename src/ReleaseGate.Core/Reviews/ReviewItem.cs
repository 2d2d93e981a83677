namespace ReleaseGate.Core.Reviews;

/// <summary>A case sampled for review, and why.</summary>
/// <param name="Suite">Its suite.</param>
/// <param name="Case">Its case id.</param>
/// <param name="Reason"><c>failure</c> or <c>passing</c> (its share of failed or passing cases), or <c>minimum</c> (topped up to the review's minimum).</param>
public sealed record ReviewItem(string Suite, string Case, string Reason);
