namespace ReleaseGate.Storage;

/// <summary>An item reserved for one reviewer until <paramref name="ExpiresAt"/> (<see cref="IGateTransaction.NextReviewItemAsync"/>).</summary>
/// <param name="Item">The item, as it stood when it was reserved.</param>
/// <param name="Reviewer">Who holds it.</param>
/// <param name="ExpiresAt">When the lease lapses and the item goes back to the queue (by the store's clock).</param>
/// <param name="Adjudication">True when the item is in adjudication: the reviewer's verdict is the deciding one.</param>
public sealed record ReviewLease(ReviewItemRecord Item, string Reviewer, DateTimeOffset ExpiresAt, bool Adjudication);
