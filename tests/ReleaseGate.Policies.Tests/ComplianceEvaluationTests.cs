using ReleaseGate.Core.Compliance;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Policies.Tests;

/// <summary>Compliance rules of issue 20 evaluated by the real CEL engine over <see cref="ComplianceInput"/> documents.</summary>
public class ComplianceEvaluationTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset s_shipped = new(2026, 10, 2, 9, 0, 0, TimeSpan.Zero);

    private const string Head = "apiVersion: releasegate/v1\nkind: Gate\nworkflow: support-agent\nrisk: high\n";

    private static Gate Gate(string policies) =>
        GateParser.Parse(Head + "compliance:\n  schedule: \"0 6 * * *\"\n  block: [critical]\n  policies:\n" + policies, "gate.yaml").GetValueOrThrow();

    private static ReleaseEvidence Release(string modelCardUpdated = "2026-09-01T00:00:00Z", string model = "gpt-4.1-mini-2025-04-14")
    {
        var manifest = ReleaseParser.Parse(
            $"""
            apiVersion: releasegate/v1
            kind: Release
            workflow: support-agent
            version: "2026.10.2"
            components:
              model: {model}
              tools: [search_kb]
              config:
                model_card_updated: "{modelCardUpdated}"
            """,
            "release.yaml").GetValueOrThrow();
        return new ReleaseEvidence(manifest, ReleaseDigest.Compute(manifest, new Dictionary<string, string>()), new Dictionary<string, string>());
    }

    private static Waiver Waiver(string release, DateTimeOffset expires, string check = "evals/core/pass-rate") =>
        new() { Check = check, Release = release, Reason = "vendor fix pending", GrantedBy = "ada", Expires = expires };

    private static IReadOnlyDictionary<string, object?> Document(ReleaseEvidence release, Gate gate, IReadOnlyList<Waiver>? waivers = null, ComplianceBank? bank = null) =>
        ComplianceInput.Build(release, gate, s_shipped, waivers ?? [], bank, new Dictionary<string, string> { ["evals/core/pass-rate"] = "waived" }, s_now);

    private static ComplianceResult Evaluate(string rule, ReleaseEvidence? release = null, IReadOnlyList<Waiver>? waivers = null, ComplianceBank? bank = null, string? message = null)
    {
        var gate = Gate($"    - {{ id: p, rule: \"{rule}\", severity: high, owner: ai-governance{(message is null ? "" : $", message: {message}")} }}\n");
        var evaluator = new CelPolicyEvaluator(new Fixed(s_now), TimeSpan.FromSeconds(30));
        return Assert.Single(ComplianceEvaluator.Evaluate(gate.Compliance!, evaluator, Document(release ?? Release(), gate, waivers, bank)));
    }

    private const string CardFresh = "now() - timestamp(release.config.model_card_updated) < duration('2160h')";

    [Fact]
    public void A_model_card_older_than_90_days_violates_the_freshness_rule()
    {
        // Updated 1 July: 158 days before 6 December, over 90 (2160h).
        var stale = Evaluate(CardFresh, Release(modelCardUpdated: "2026-07-01T00:00:00Z"), message: "the model card is older than 90 days");
        // Updated 1 November: 35 days before.
        var fresh = Evaluate(CardFresh, Release(modelCardUpdated: "2026-11-01T00:00:00Z"));

        Assert.Equal((true, "the model card is older than 90 days", (string?)null), (stale.Violated, stale.Message, stale.Error));
        Assert.Equal((false, "policy 'p' holds"), (fresh.Violated, fresh.Message));
    }

    [Fact]
    public void A_model_on_a_deprecation_list_violates_the_rule()
    {
        const string rule = "!(release.model in ['gpt-4.1-mini-2025-04-14', 'gpt-4o-2024-05-13'])";

        Assert.True(Evaluate(rule).Violated);
        Assert.False(Evaluate(rule, Release(model: "gpt-5-mini")).Violated);
    }

    [Fact]
    public void A_waiver_expiring_within_7_days_is_found_among_the_release_waivers()
    {
        const string rule = "!waivers.exists(w, w.expires_at - now() < duration('168h'))";
        var release = Release();

        Assert.True(Evaluate(rule, release, [Waiver("2026.10.2", s_now.AddDays(3))]).Violated);
        Assert.False(Evaluate(rule, release, [Waiver("2026.10.2", s_now.AddDays(30))]).Violated);
        // Another release's waiver, and one that has expired, are not this release's waivers.
        Assert.False(Evaluate(rule, release, [Waiver("2026.10.1", s_now.AddDays(3)), Waiver("2026.10.2", s_now.AddDays(-1))]).Violated);
        Assert.True(Evaluate(rule, release, [Waiver(release.Digest, s_now.AddDays(1))]).Violated);
    }

    [Fact]
    public void A_bank_that_grew_since_ship_violates_the_rule()
    {
        const string rule = "bank.added_since_ship == 0";

        var grew = Evaluate(rule, bank: new ComplianceBank(42, 3));

        Assert.True(grew.Violated);
        Assert.Equal("policy 'p' is violated: bank.added_since_ship == 0", grew.Message);
        Assert.False(Evaluate(rule, bank: new ComplianceBank(42, 0)).Violated);
        Assert.False(Evaluate(rule).Violated);
    }

    [Fact]
    public void Shipped_at_gate_and_the_shipped_decision_are_in_the_document()
    {
        Assert.False(Evaluate("now() - shipped_at > duration('1440h') && gate.risk == 'high' && gate.workflow == 'support-agent'").Violated);
        Assert.False(Evaluate("decision.checks['evals/core/pass-rate'] == 'waived'").Violated);
    }

    [Fact]
    public void A_rule_that_cannot_be_evaluated_is_a_violation_that_says_why()
    {
        var result = Evaluate("now() - timestamp(release.config.model_card_updated) < duration('2160h')", Release(modelCardUpdated: "last summer"));

        Assert.True(result.Violated);
        Assert.NotNull(result.Error);
        Assert.Equal($"policy 'p' could not be evaluated, so it counts as violated: {result.Error}", result.Message);
        Assert.Contains("cannot convert \"last summer\" to timestamp", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_is_not_a_boolean_fails_closed()
    {
        var result = Evaluate("bank.active");

        Assert.True(result.Violated);
        Assert.StartsWith("policy 'p' could not be evaluated, so it counts as violated: it returned 0", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_policy_is_evaluated_in_the_gate_order()
    {
        var gate = Gate("    - { id: a, rule: \"true\", severity: low, owner: g }\n    - { id: b, rule: \"false\", severity: critical, owner: h }\n");
        var results = ComplianceEvaluator.Evaluate(gate.Compliance!, new CelPolicyEvaluator(new Fixed(s_now)), Document(Release(), gate));

        Assert.Equal([("a", false), ("b", true)], results.Select(r => (r.Policy.Id, r.Violated)));
    }

    [Fact]
    public void Sound_compliance_rules_pass_the_guard()
    {
        var gate = Gate(
            $"""
                - {"{"} id: card, rule: "{CardFresh}", severity: high, owner: g {"}"}
                - {"{"} id: model, rule: "!(release.model in ['m1'])", severity: critical, owner: g {"}"}
                - {"{"} id: waiver, rule: "!waivers.exists(w, w.expires_at - now() < duration('168h') && w.check != '' && w.reason != w.granted_by)", severity: medium, owner: g {"}"}
                - {"{"} id: bank, rule: "bank.added_since_ship == 0 && bank.active >= 0", severity: low, owner: g {"}"}
                - {"{"} id: shipped, rule: "shipped_at < now() && gate.risk == 'high' && size(decision.checks) >= 0", severity: low, owner: g {"}"}

            """);

        Assert.Empty(PolicyGuard.Check(gate, new CelPolicyEvaluator(TimeProvider.System)));
    }

    [Fact]
    public void A_misspelt_field_of_a_compliance_rule_is_a_load_error_with_a_did_you_mean()
    {
        var gate = Gate("    - { id: waiver, rule: \"!waivers.exists(w, w.expire_at - now() < duration('168h'))\", severity: medium, owner: g }\n");

        var error = Assert.Single(PolicyGuard.Check(gate, new CelPolicyEvaluator(TimeProvider.System)));

        Assert.Equal("RG1019", error.Code);
        Assert.Equal((9, 7), (error.Location.Line, error.Location.Column));
        Assert.Equal("compliance policy 'waiver' reads 'expire_at', which the input document does not have; did you mean 'expires_at'?", error.Message);
    }

    [Fact]
    public void A_compliance_rule_with_a_syntax_error_or_of_another_type_is_a_load_error()
    {
        var errors = PolicyGuard.Check(
            Gate("    - { id: a, rule: \"bank.active >\", severity: low, owner: g }\n    - { id: b, rule: \"bank.active\", severity: low, owner: g }\n"),
            new CelPolicyEvaluator(TimeProvider.System));

        Assert.Equal(["RG1018", "RG1020"], errors.Select(e => e.Code));
    }

    private sealed class Fixed(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
