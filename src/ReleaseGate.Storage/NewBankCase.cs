using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage;

/// <summary>A case to bank with <see cref="IGateTransaction.AddBankCaseAsync"/>.</summary>
/// <param name="Workflow">The workflow whose bank it joins (it must exist).</param>
/// <param name="CaseId">The case id, unique within the workflow's bank across every state.</param>
/// <param name="Fingerprint">The fingerprint of the case's normalised input (<c>sha256:hex</c>): two non-retired cases of a workflow never share one.</param>
/// <param name="State">The state it starts in (<see cref="BankState.Active"/>, or <see cref="BankState.Proposed"/> when new cases are reviewed first).</param>
/// <param name="Severity">The severity word: <c>critical</c>, <c>high</c>, <c>medium</c> or <c>low</c>.</param>
/// <param name="CaseJson">The case's canonical JSON; the store keeps it as given and never reads it.</param>
/// <param name="ProvenanceJson">
/// The provenance JSON; the store keeps it as given and reads only its string properties <c>source</c> and <c>reference</c>, to tell a
/// re-import of the same source from a new duplicate.
/// </param>
/// <param name="Actor">Who banks it.</param>
public sealed record NewBankCase(
    string Workflow,
    string CaseId,
    string Fingerprint,
    BankState State,
    string Severity,
    string CaseJson,
    string ProvenanceJson,
    string Actor);
