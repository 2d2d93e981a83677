using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Compliance;

/// <summary>The outcome of one compliance policy on one shipped release.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Violated">Whether the release violates it; true too when the rule could not be evaluated (fail closed).</param>
/// <param name="Message">What is wrong, in words (for a compliant release: that the policy holds).</param>
/// <param name="Error">Why the rule could not be evaluated, when it could not; null otherwise.</param>
public sealed record ComplianceResult(CompliancePolicy Policy, bool Violated, string Message, string? Error);
