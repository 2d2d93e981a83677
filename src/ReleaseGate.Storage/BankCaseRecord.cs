using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage;

/// <summary>
/// A stored regression-bank case. A case is never deleted: it is retired. Its definition (<see cref="CaseJson"/>, <see cref="Fingerprint"/>,
/// <see cref="ProvenanceJson"/>, <see cref="Severity"/>) never changes; its state and their reasons change, each change recorded as a
/// <see cref="BankEventRecord"/>.
/// </summary>
/// <param name="Id">The store's id.</param>
/// <param name="Workflow">The workflow whose bank holds it.</param>
/// <param name="CaseId">The case id, unique within the workflow's bank.</param>
/// <param name="Fingerprint">The fingerprint of its normalised input.</param>
/// <param name="State">Its state now (a quarantine past its <paramref name="QuarantineUntil"/> is still stored as quarantined: see <see cref="BankCaseInfo.StateAt"/>).</param>
/// <param name="Severity">The severity word.</param>
/// <param name="CaseJson">The case's canonical JSON, as banked.</param>
/// <param name="ProvenanceJson">The provenance JSON, as banked.</param>
/// <param name="QuarantineReason">Why it is quarantined, while it is.</param>
/// <param name="QuarantineOwner">Who owns bringing it back, while it is quarantined.</param>
/// <param name="QuarantineUntil">When its quarantine expires, while it is quarantined.</param>
/// <param name="RetiredReason">Why it was retired, while it is.</param>
/// <param name="CreatedAt">When it was banked.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="RowVersion">1 when banked, one more at each change: pass it to <see cref="IGateTransaction.ChangeBankCaseAsync"/>.</param>
/// <param name="Links">How many duplicates are linked to it (<see cref="BankLinkRecord"/>).</param>
public sealed record BankCaseRecord(
    long Id,
    string Workflow,
    string CaseId,
    string Fingerprint,
    BankState State,
    string Severity,
    string CaseJson,
    string ProvenanceJson,
    string? QuarantineReason,
    string? QuarantineOwner,
    DateTimeOffset? QuarantineUntil,
    string? RetiredReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long RowVersion,
    int Links);
