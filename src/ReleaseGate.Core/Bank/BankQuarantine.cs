namespace ReleaseGate.Core.Bank;

/// <summary>Why a bank case is quarantined, who owns fixing it, and when it becomes active again.</summary>
/// <param name="Reason">Why it is quarantined (flaky, disputed…).</param>
/// <param name="Owner">The person or group who owns bringing it back.</param>
/// <param name="Until">When the quarantine expires and the case is active again.</param>
public sealed record BankQuarantine(string Reason, string Owner, DateTimeOffset Until);
