namespace ReleaseGate.Storage;

/// <summary>The outcome of one try at sending a delivery (<see cref="IGateTransaction.RecordDeliveryAttemptAsync"/>).</summary>
/// <param name="Delivered">Whether the receiver accepted it.</param>
/// <param name="Status">The HTTP status that came back, if any.</param>
/// <param name="Error">What went wrong, if anything (kept to 1,000 characters).</param>
/// <param name="RetryAt">When to try again; null with <paramref name="Delivered"/> false makes it a dead letter.</param>
public sealed record DeliveryAttempt(bool Delivered, int? Status, string? Error, DateTimeOffset? RetryAt);
