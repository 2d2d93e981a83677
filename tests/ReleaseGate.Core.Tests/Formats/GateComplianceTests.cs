using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

public class GateComplianceTests
{
    private const string Head = "apiVersion: releasegate/v1\nkind: Gate\nworkflow: support-agent\n";

    private const string Policy = "    - { id: card, rule: \"true\", severity: high, owner: gov }\n";

    [Fact]
    public void The_compliance_section_and_escalation_keys_of_issue_20_parse()
    {
        var gate = GateParser.Parse(
            Head + """
            compliance:
              schedule: "0 6 * * *"
              timezone: Europe/Berlin
              releases: all
              block: [critical, high]
              policies:
                - id: model-card-fresh
                  rule: "now() - timestamp(release.config.model_card_updated) < duration('2160h')"
                  severity: high
                  owner: ai-governance
                  message: the model card is older than 90 days
                - { id: bank-grew, rule: "bank.added_since_ship == 0", severity: low, owner: qa }
            approvals:
              - stage: governance
                group: ai-governance
                escalate: { after: 48h, to: cto-office, every: 24h }
            reviews:
              - id: expert-review
                group: support-experts
                escalate: { after: 24h, to: support-leads, every: 12h }
            """,
            "gate.yaml").GetValueOrThrow();

        var compliance = Assert.IsType<ComplianceRules>(gate.Compliance);
        Assert.Equal("0 6 * * *", compliance.Schedule);
        Assert.Equal("Europe/Berlin", compliance.TimeZone);
        Assert.Equal(ComplianceScope.All, compliance.Releases);
        Assert.Equal([Severity.Critical, Severity.High], compliance.Block);
        Assert.Equal((5, 3), (compliance.Location.Line, compliance.Location.Column));
        var card = compliance.Policies[0];
        Assert.Equal(("model-card-fresh", Severity.High, "ai-governance", "the model card is older than 90 days"), (card.Id, card.Severity, card.Owner, card.Message));
        Assert.Equal("now() - timestamp(release.config.model_card_updated) < duration('2160h')", card.Rule);
        Assert.Equal(10, card.Location.Line);
        Assert.Null(compliance.Policies[1].Message);
        Assert.Equal(new Escalation(TimeSpan.FromHours(48), "cto-office", TimeSpan.FromHours(24)), gate.Approvals[0].Escalate);
        Assert.Equal(new Escalation(TimeSpan.FromHours(24), "support-leads", TimeSpan.FromHours(12)), gate.Reviews[0].Escalate);
        Assert.True(gate.HasRules);
        Assert.False(gate.NeedsPolicyEngine);
    }

    [Fact]
    public void Compliance_defaults_to_utc_the_latest_release_and_no_block()
    {
        var gate = GateParser.Parse(Head + "compliance:\n  schedule: \"*/30 * * * * *\"\n  policies:\n" + Policy, "gate.yaml").GetValueOrThrow();

        var compliance = gate.Compliance!;
        Assert.Equal("UTC", compliance.TimeZone);
        Assert.Equal(ComplianceScope.Latest, compliance.Releases);
        Assert.Empty(compliance.Block);
        Assert.Null(GateParser.Parse(Head, "gate.yaml").GetValueOrThrow().Compliance);
    }

    [Fact]
    public void An_escalation_without_every_escalates_once()
    {
        var gate = GateParser.Parse(Head + "approvals:\n  - { stage: p, group: g, escalate: { after: 2h, to: leads } }\n", "gate.yaml").GetValueOrThrow();

        Assert.Null(gate.Approvals[0].Escalate!.Every);
        Assert.Empty(gate.Reviews);
    }

    // Each row: the gate text, then the expected (code, line, column) of every error, in order.
    public static TheoryData<string, string, (string Code, int Line, int Column)[]> Malformed => new()
    {
        { "cron with four fields", Head + "compliance:\n  schedule: \"0 6 * *\"\n  policies:\n" + Policy, [("RG1041", 5, 13)] },
        { "cron with a minute of 61", Head + "compliance:\n  schedule: \"61 6 * * *\"\n  policies:\n" + Policy, [("RG1041", 5, 13)] },
        { "cron on a day no month has", Head + "compliance:\n  schedule: \"0 6 30 2 *\"\n  policies:\n" + Policy, [("RG1041", 5, 13)] },
        { "cron with a word", Head + "compliance:\n  schedule: daily\n  policies:\n" + Policy, [("RG1041", 5, 13)] },
        { "unknown time zone", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  timezone: Europe/Berlln\n  policies:\n" + Policy, [("RG1042", 6, 13)] },
        { "time zone as a path", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  timezone: ../../etc/passwd\n  policies:\n" + Policy, [("RG1042", 6, 13)] },
        { "compliance without policies", Head + "compliance:\n  schedule: \"0 6 * * *\"\n", [("RG1043", 5, 3)] },
        { "compliance with an empty policy list", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies: []\n", [("RG1043", 6, 13)] },
        { "missing schedule", Head + "compliance:\n  policies:\n" + Policy, [("RG1005", 5, 3)] },
        {
            "duplicate compliance policy id",
            Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies:\n" + Policy + Policy,
            [("RG1012", 8, 13)]
        },
        { "policy without owner", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: c, rule: \"true\", severity: high }\n", [("RG1005", 7, 7)] },
        { "policy without severity", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: c, rule: \"true\", owner: g }\n", [("RG1005", 7, 7)] },
        { "policy without rule", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: c, severity: low, owner: g }\n", [("RG1005", 7, 7)] },
        { "unknown severity", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: c, rule: \"true\", severity: severe, owner: g }\n", [("RG1008", 7, 40)] },
        { "unknown releases word", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  releases: newest\n  policies:\n" + Policy, [("RG1008", 6, 13)] },
        { "unknown block severity", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  block: [critcal]\n  policies:\n" + Policy, [("RG1008", 6, 11)] },
        { "misspelt compliance key", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  timezon: UTC\n  policies:\n" + Policy, [("RG1004", 6, 3)] },
        { "misspelt policy key", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: c, rule: \"true\", severity: low, owner: g, mesage: m }\n", [("RG1004", 7, 55)] },
        { "owner with a slash", Head + "compliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: c, rule: \"true\", severity: low, owner: a/b }\n", [("RG1031", 7, 52)] },
        { "every shorter than a minute", Head + "approvals:\n  - { stage: p, group: g, escalate: { after: 1h, to: t, every: 30s } }\n", [("RG1044", 5, 64)] },
        { "after of zero", Head + "approvals:\n  - { stage: p, group: g, escalate: { after: 0s, to: t } }\n", [("RG1044", 5, 46)] },
        { "review escalation every of zero", Head + "reviews:\n  - { id: r, group: g, escalate: { after: 1h, to: t, every: 0m } }\n", [("RG1044", 5, 61)] },
        { "misspelt escalation key", Head + "reviews:\n  - { id: r, group: g, escalate: { after: 1h, to: t, evry: 1h } }\n", [("RG1004", 5, 54)] },
        { "invalid every", Head + "approvals:\n  - { stage: p, group: g, escalate: { after: 1h, to: t, every: daily } }\n", [("RG1011", 5, 64)] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_compliance_reports_code_file_line_and_column(string name, string text, (string Code, int Line, int Column)[] expected)
    {
        var result = GateParser.Parse(text, "gate.yaml");

        Assert.False(result.Success, name);
        Assert.Equal(expected, result.Errors.Select(e => (e.Code, e.Location.Line, e.Location.Column)).ToArray());
    }

    [Fact]
    public void An_invalid_cron_expression_quotes_the_reason()
    {
        var error = GateParser.Parse(Head + "compliance:\n  schedule: \"0 6 * *\"\n  policies:\n" + Policy, "g.yaml").Errors.Single();

        Assert.Equal(
            "g.yaml:5:13: RG1041: 'schedule: 0 6 * *': a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, but this one has 4; write 5 fields such as \"0 6 * * *\" (06:00 every day), or 6 with seconds first.",
            error.ToString());
    }

    [Fact]
    public void A_cron_field_out_of_range_quotes_what_cronos_says()
    {
        var error = GateParser.Parse(Head + "compliance:\n  schedule: \"61 6 * * *\"\n  policies:\n" + Policy, "g.yaml").Errors.Single();

        Assert.StartsWith("'schedule: 61 6 * * *': it is not a valid cron expression: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Minutes", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_other_compliance_errors_say_what_to_do()
    {
        Assert.Equal(
            "g.yaml:6:13: RG1042: 'Mars/Olympus' is not a time zone known here; give an IANA time zone such as Europe/Berlin or America/New_York, or leave 'timezone' out for UTC.",
            GateParser.Parse(Head + "compliance:\n  schedule: \"0 6 * * *\"\n  timezone: Mars/Olympus\n  policies:\n" + Policy, "g.yaml").Errors.Single().ToString());
        Assert.Equal(
            "g.yaml:5:3: RG1043: 'compliance' has no policies, so it would check nothing; add at least one item to 'compliance.policies' (id, rule, severity, owner), or remove the section.",
            GateParser.Parse(Head + "compliance:\n  schedule: \"0 6 * * *\"\n", "g.yaml").Errors.Single().ToString());
        Assert.Equal(
            "g.yaml:5:64: RG1044: 'escalate.every' escalates again every 30s, more often than once a minute; give an 'every' of at least 1m, such as 24h, or leave it out to escalate once.",
            GateParser.Parse(Head + "approvals:\n  - { stage: p, group: g, escalate: { after: 1h, to: t, every: 30s } }\n", "g.yaml").Errors.Single().ToString());
        Assert.Equal(
            "g.yaml:5:46: RG1044: 'escalate.after' escalates at once (an 'after' of zero); give how long it may wait first, such as 24h.",
            GateParser.Parse(Head + "approvals:\n  - { stage: p, group: g, escalate: { after: 0s, to: t } }\n", "g.yaml").Errors.Single().ToString());
    }

    [Fact]
    public void A_misspelt_compliance_key_gets_a_did_you_mean()
    {
        var error = GateParser.Parse(Head + "compliance:\n  schedule: \"0 6 * * *\"\n  timezon: UTC\n  policies:\n" + Policy, "g.yaml").Errors.Single();

        Assert.Contains("did you mean 'timezone'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gate_digest_changes_with_every()
    {
        const string stage = "approvals:\n  - { stage: p, group: g, escalate: { after: 48h, to: cto";

        Assert.NotEqual(
            GateParser.Parse(Head + stage + " } }\n", "gate.yaml").GetValueOrThrow().Digest,
            GateParser.Parse(Head + stage + ", every: 24h } }\n", "gate.yaml").GetValueOrThrow().Digest);
    }

    [Fact]
    public void The_stage_digest_changes_with_every_and_keeps_its_value_without_it()
    {
        var stage = new ApprovalStage { Stage = "gov", Group = "g", Escalate = new Escalation(TimeSpan.FromHours(48), "cto") };
        var repeating = stage with { Escalate = stage.Escalate! with { Every = TimeSpan.FromHours(24) } };
        var faster = stage with { Escalate = stage.Escalate! with { Every = TimeSpan.FromHours(12) } };

        Assert.NotEqual(StageDigest.Of(stage), StageDigest.Of(repeating));
        Assert.NotEqual(StageDigest.Of(repeating), StageDigest.Of(faster));
        // Written before 'every' existed: {"count":1,"escalate":{"after_seconds":172800,"to":"cto"},"group":"g","stage":"gov","when":null}.
        Assert.Equal(
            "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes("{\"count\":1,\"escalate\":{\"after_seconds\":172800,\"to\":\"cto\"},\"group\":\"g\",\"stage\":\"gov\",\"when\":null}"))),
            StageDigest.Of(stage));
    }
}
