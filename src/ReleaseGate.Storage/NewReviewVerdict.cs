namespace ReleaseGate.Storage;

/// <summary>A reviewer's verdict on an item, to store with <see cref="IGateTransaction.AddReviewVerdictAsync"/>.</summary>
/// <param name="ItemId">The review item.</param>
/// <param name="Reviewer">Who gives it; one verdict per reviewer per item and per <paramref name="Adjudication"/> flag.</param>
/// <param name="Pass">Whether the output is acceptable.</param>
/// <param name="Severity">The severity the reviewer assigns to a failure, or null.</param>
/// <param name="Comment">Why (may be empty).</param>
/// <param name="AddToBank">Whether the reviewer asks for the case to join the regression bank.</param>
/// <param name="Adjudication">True for the deciding verdict on an item in adjudication.</param>
public sealed record NewReviewVerdict(long ItemId, string Reviewer, bool Pass, string? Severity, string Comment, bool AddToBank, bool Adjudication);
