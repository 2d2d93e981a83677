namespace ReleaseGate.Storage;

/// <summary>A case sampled for human review, to store with <see cref="IGateTransaction.AddReviewItemsAsync"/>.</summary>
/// <param name="Review">The id of the gate's review (<c>reviews:</c> entry) that sampled it.</param>
/// <param name="Suite">The case's suite.</param>
/// <param name="Case">The case's id within the suite.</param>
/// <param name="Reason">Why it was sampled (a failure, a passing share, a slice minimum, an inconclusive check, an uncertain judge).</param>
/// <param name="Group">The reviewers' group whose queue it joins.</param>
/// <param name="AdjudicatorGroup">The group that settles it when its reviewers disagree.</param>
/// <param name="Needed">How many reviewers it needs (the gate's k, <c>reviewers_per_item</c>); at least 1.</param>
public sealed record NewReviewItem(string Review, string Suite, string Case, string Reason, string Group, string AdjudicatorGroup, int Needed);
