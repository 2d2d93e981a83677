using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage;

/// <summary>A change of a bank case's state, for <see cref="IGateTransaction.ChangeBankCaseAsync"/>. The store does not judge whether the transition is allowed.</summary>
/// <param name="State">The new state (it may equal the current one, to change a quarantine's owner or expiry, say).</param>
/// <param name="Actor">Who changes it.</param>
/// <param name="Reason">Why: for <see cref="BankState.Quarantined"/> the quarantine's reason, for <see cref="BankState.Retired"/> the retirement's.</param>
/// <param name="QuarantineOwner">Who owns bringing it back; kept only when <paramref name="State"/> is <see cref="BankState.Quarantined"/>.</param>
/// <param name="QuarantineUntil">When the quarantine expires; kept only when <paramref name="State"/> is <see cref="BankState.Quarantined"/>.</param>
public sealed record BankChange(BankState State, string Actor, string Reason, string? QuarantineOwner = null, DateTimeOffset? QuarantineUntil = null);
