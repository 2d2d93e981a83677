using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Policies.Tests;

public class PolicyGuardTests
{
    private static IReadOnlyList<Core.Diagnostics.GateError> Guard(string policies) =>
        PolicyGuard.Check(
            GateParser.Parse($"apiVersion: releasegate/v1\nkind: Gate\nworkflow: w\nrisk: high\nevals:\n  - suite: core\n    slices:\n      refunds: {{ protected: true }}\n{policies}", "gate.yaml").GetValueOrThrow(),
            new CelPolicyEvaluator(TimeProvider.System, TimeSpan.FromSeconds(30)));

    [Fact]
    public void Sound_rules_and_conditions_pass_the_guard()
    {
        var errors = Guard("""
            policies:
              - { id: tools, rule: "release.tools.all(t, t in ['search_kb'])" }
              - { id: model, rule: "release.model.startsWith('gpt-') || release.model == 'model'" }
              - { id: slice, rule: "evals.core.slices.refunds.pass_rate >= 0.9" }
              - { id: temp, rule: "!has(release.config.temperature) || release.config.temperature <= 0.5" }
            approvals:
              - { stage: security, group: sec, when: "'tools' in changes && gate.risk == 'high'" }
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void A_misspelt_field_is_a_load_error_with_a_did_you_mean()
    {
        var error = Assert.Single(Guard("policies:\n  - { id: tools, rule: \"release.tool.all(t, t == 'x')\" }\n"));

        Assert.Equal("RG1019", error.Code);
        Assert.Equal((10, 5), (error.Location.Line, error.Location.Column));
        Assert.Equal("policy 'tools' reads 'tool', which the input document does not have; did you mean 'tools'?", error.Message);
    }

    [Fact]
    public void A_misspelt_field_in_an_approval_condition_is_caught_too()
    {
        var error = Assert.Single(Guard("approvals:\n  - { stage: gov, group: g, when: \"gate.rsik == 'high'\" }\n"));

        Assert.Equal("RG1019", error.Code);
        Assert.Contains("did you mean 'risk'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_is_a_load_error()
    {
        var error = Assert.Single(Guard("policies:\n  - { id: p, rule: \"release.tools.all(t, t in\" }\n"));

        Assert.Equal("RG1018", error.Code);
        Assert.StartsWith("policy 'p' is not valid CEL:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_is_not_a_boolean_is_a_load_error()
    {
        var error = Assert.Single(Guard("policies:\n  - { id: p, rule: \"size(release.tools)\" }\n"));

        Assert.Equal("RG1020", error.Code);
        Assert.StartsWith("policy 'p' must evaluate to true or false, but it returned 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_function_is_a_load_error_with_a_did_you_mean()
    {
        var error = Assert.Single(Guard("policies:\n  - { id: p, rule: \"release.model.startwith('gpt')\" }\n"));

        Assert.Equal("RG1018", error.Code);
        Assert.Contains("unknown function 'startwith'; did you mean 'startsWith'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_fails_only_on_some_data_passes_the_guard_and_fails_closed_at_decision_time()
    {
        var gate = GateParser.Parse("apiVersion: releasegate/v1\nkind: Gate\nworkflow: w\nrisk: high\npolicies:\n  - { id: p, rule: \"100 / size(release.tools) > 1\" }\n", "gate.yaml").GetValueOrThrow();
        var evaluator = new CelPolicyEvaluator(TimeProvider.System, TimeSpan.FromSeconds(30));

        Assert.Empty(PolicyGuard.Check(gate, evaluator));
        var outcome = evaluator.Evaluate("100 / size(release.tools) > 1", new Dictionary<string, object?> { ["release"] = new Dictionary<string, object?> { ["tools"] = new List<object?>() } });
        Assert.Null(outcome.Value);
        Assert.Equal("divide by zero", outcome.Error);
    }
}
