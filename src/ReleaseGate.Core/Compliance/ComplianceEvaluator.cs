using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Compliance;

/// <summary>Evaluates a gate's compliance policies on one shipped release's document (<see cref="ComplianceInput"/>).</summary>
public static class ComplianceEvaluator
{
    /// <summary>Evaluates every policy of <paramref name="rules"/>, in the gate's order.</summary>
    /// <param name="rules">The gate's compliance section.</param>
    /// <param name="evaluator">The CEL evaluator; its clock is what <c>now()</c> returns.</param>
    /// <param name="input">The release's compliance document.</param>
    /// <returns>One result a policy. A rule that cannot be evaluated is a violation (fail closed), with the reason in <see cref="ComplianceResult.Error"/>.</returns>
    public static IReadOnlyList<ComplianceResult> Evaluate(ComplianceRules rules, IPolicyEvaluator evaluator, IReadOnlyDictionary<string, object?> input)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(input);
        var results = new List<ComplianceResult>(rules.Policies.Count);
        foreach (var policy in rules.Policies)
        {
            var outcome = evaluator.Evaluate(policy.Rule, input);
            results.Add(outcome switch
            {
                { Value: true } => new ComplianceResult(policy, false, Messages.ComplianceHolds(policy.Id), null),
                { Value: false } => new ComplianceResult(policy, true, policy.Message ?? Messages.ComplianceViolated(policy.Id, policy.Rule), null),
                _ => new ComplianceResult(policy, true, Messages.ComplianceNotEvaluated(policy.Id, outcome.Error ?? "no result"), outcome.Error ?? "no result"),
            });
        }

        return results;
    }
}
