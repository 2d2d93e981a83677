namespace ReleaseGate.Core.Reviews;

/// <summary>A case sampled for review, and why.</summary>
/// <param name="Suite">Its suite.</param>
/// <param name="Case">Its case id.</param>
/// <param name="Reason">
/// Why it was sampled, the first that applies of: <c>inconclusive</c> (behind an inconclusive no-regression check),
/// <c>judge</c> (an <c>llm-rubric</c> score within the judge band of its threshold), <c>failure</c> or <c>passing</c> (its
/// share of failed or passing cases), <c>slice</c> (a per-slice minimum), <c>minimum</c> (topped up to the review's minimum).
/// </param>
public sealed record ReviewItem(string Suite, string Case, string Reason);
