namespace ReleaseGate.Storage;

/// <summary>A finding a compliance run opens (<see cref="IGateTransaction.OpenFindingAsync"/>).</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="ReleaseId">The shipped release that violates the policy.</param>
/// <param name="Policy">The policy's name.</param>
/// <param name="RuleDigest">The digest of the rule that was evaluated.</param>
/// <param name="Severity">The policy's severity word.</param>
/// <param name="Owner">Who owns fixing it (a group or person).</param>
/// <param name="Message">What is wrong.</param>
/// <param name="RunId">The compliance run that found it.</param>
public sealed record NewFinding(string Workflow, long ReleaseId, string Policy, string RuleDigest, string Severity, string Owner, string Message, long RunId);
