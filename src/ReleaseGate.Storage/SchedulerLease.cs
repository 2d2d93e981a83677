namespace ReleaseGate.Storage;

/// <summary>
/// Who runs a background job cluster-wide, until when (<see cref="IGateStore.TryAcquireLeaseAsync"/>). Times come from the store clock.
/// </summary>
/// <param name="Name">The job's lease name, such as <c>compliance</c> or <c>webhooks</c>.</param>
/// <param name="Holder">The instance holding it.</param>
/// <param name="AcquiredAt">When the holder took it; renewals by the same holder keep it.</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
public sealed record SchedulerLease(string Name, string Holder, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
