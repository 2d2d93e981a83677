using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage;

/// <summary>One state a bank case entered: its first (<c>added</c>) and every change after. Events are kept.</summary>
/// <param name="Id">The store's id; a case's events are in id order.</param>
/// <param name="BankCaseId">The bank case (<see cref="BankCaseRecord.Id"/>).</param>
/// <param name="State">The state it entered.</param>
/// <param name="Actor">Who.</param>
/// <param name="Reason">Why (<c>added</c> for the first event).</param>
/// <param name="At">When.</param>
/// <param name="QuarantineOwner">The quarantine's owner, when it entered quarantine.</param>
/// <param name="QuarantineUntil">The quarantine's expiry, when it entered quarantine.</param>
public sealed record BankEventRecord(
    long Id,
    long BankCaseId,
    BankState State,
    string Actor,
    string Reason,
    DateTimeOffset At,
    string? QuarantineOwner,
    DateTimeOffset? QuarantineUntil);
