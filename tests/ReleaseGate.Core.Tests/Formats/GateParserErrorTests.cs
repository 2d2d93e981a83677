using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

public class GateParserErrorTests
{
    private const string Head = "apiVersion: releasegate/v1\nkind: Gate\nworkflow: support-agent\n";

    // Each row: the gate text, then the expected (code, line, column) of every error, in order.
    public static TheoryData<string, string, (string Code, int Line, int Column)[]> Malformed => new()
    {
        { "unknown top-level key", Head + "evalz: []\n", [("RG1004", 4, 1)] },
        { "misspelt eval key", Head + "evals:\n  - suite: core\n    min_pass_rte: 0.9\n", [("RG1004", 6, 5)] },
        { "tab in indentation", Head + "evals:\n\t- suite: core\n", [("RG1002", 5, 1)] },
        { "tab after spaces", Head + "evals:\n  - suite: core\n  \tmin_pass_rate: 0.9\n", [("RG1002", 6, 3)] },
        { "duplicate key", Head + "risk: high\nrisk: low\n", [("RG1003", 5, 1)] },
        { "unclosed flow sequence", Head + "severity:\n  block_on: [critical, high\n", [("RG1013", 5, 13)] },
        { "unclosed flow mapping", Head + "evals:\n  - { suite: core, min_pass_rate: 0.9\n", [("RG1013", 5, 5)] },
        { "pass rate above one", Head + "evals:\n  - suite: core\n    min_pass_rate: 1.5\n", [("RG1007", 6, 20)] },
        { "pass rate as quoted string", Head + "evals:\n  - suite: core\n    min_pass_rate: \"0.9\"\n", [("RG1006", 6, 20)] },
        { "unknown risk with hint", "apiVersion: releasegate/v1\nkind: Gate\nworkflow: w\nrisk: hgh\n", [("RG1008", 4, 7)] },
        { "missing workflow", "apiVersion: releasegate/v1\nkind: Gate\nrisk: high\n", [("RG1005", 1, 1)] },
        { "wrong apiVersion", "apiVersion: releasegate/v2\nkind: Gate\nworkflow: w\n", [("RG1009", 1, 13)] },
        { "wrong kind", "apiVersion: releasegate/v1\nkind: Release\nworkflow: w\n", [("RG1010", 2, 7)] },
        { "empty file", "", [("RG1015", 1, 1)] },
        { "two documents", Head + "---\n" + Head, [("RG1015", 4, 1)] },
        { "root is a list", "- a\n- b\n", [("RG1006", 1, 1)] },
        { "invalid duration", Head + "approvals:\n  - stage: gov\n    group: g\n    escalate: { after: 2x, to: cto }\n", [("RG1011", 7, 24)] },
        { "duplicate stage", Head + "approvals:\n  - { stage: p, group: g }\n  - { stage: p, group: h }\n", [("RG1012", 6, 14)] },
        { "duplicate suite", Head + "evals:\n  - suite: core\n  - suite: core\n", [("RG1012", 6, 12)] },
        { "unknown severity in block_on", Head + "severity:\n  block_on: [critical, severe]\n", [("RG1008", 5, 24)] },
        { "at_least zero", Head + "evals:\n  - suite: core\n    repeats: { aggregate: { at_least: 0 } }\n", [("RG1007", 6, 39)] },
        { "slice name with slash", Head + "evals:\n  - suite: core\n    slices:\n      a/b: { min_pass_rate: 0.9 }\n", [("RG1017", 7, 7)] },
        { "suite name with space", Head + "evals:\n  - suite: my suite\n", [("RG1017", 5, 12)] },
        { "count as word", Head + "approvals:\n  - { stage: p, group: g, count: two }\n", [("RG1006", 5, 34)] },
        { "protected as yes", Head + "evals:\n  - suite: c\n    slices:\n      r: { protected: yes }\n", [("RG1006", 7, 23)] },
        { "alpha out of range", Head + "evals:\n  - suite: c\n    no_regression: { alpha: 0.9 }\n", [("RG1007", 6, 29)] },
        { "bad inconclusive choice", Head + "evals:\n  - suite: c\n    no_regression: { on_inconclusive: block }\n", [("RG1008", 6, 39)] },
        { "inconclusive review without a review", Head + "evals:\n  - suite: c\n    no_regression: { on_inconclusive: review }\n", [("RG1034", 6, 39)] },
        { "slice minimum below zero", Head + "reviews:\n  - { id: r, group: g, sample: { slices: { refunds: -1 } } }\n", [("RG1007", 5, 53)] },
        { "slice minimum name with slash", Head + "reviews:\n  - { id: r, group: g, sample: { slices: { a/b: 2 } } }\n", [("RG1017", 5, 44)] },
        { "judge band above one", Head + "reviews:\n  - { id: r, group: g, sample: { judge_band: 2 } }\n", [("RG1007", 5, 46)] },
        { "misspelt review sample key", Head + "reviews:\n  - { id: r, group: g, sample: { judge_bnd: 0.1 } }\n", [("RG1004", 5, 34)] },
        {
            "several errors at once, sorted by position",
            Head + "risk: hgh\nevals:\n  - suite: core\n    min_pass_rte: 0.9\n    max_error_rate: 2\n",
            [("RG1008", 4, 7), ("RG1004", 7, 5), ("RG1007", 8, 21)]
        },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_gate_reports_code_file_line_and_column(string name, string text, (string Code, int Line, int Column)[] expected)
    {
        var result = GateParser.Parse(text, "gate.yaml");

        Assert.False(result.Success, name);
        var actual = result.Errors.Select(e => (e.Code, e.Location.Line, e.Location.Column)).ToArray();
        Assert.Equal(expected, actual);
        Assert.All(result.Errors, e => Assert.Equal("gate.yaml", e.Location.File));
    }

    [Fact]
    public void Unknown_key_suggests_the_closest_known_key()
    {
        var result = GateParser.Parse(Head + "evals:\n  - suite: core\n    min_pass_rte: 0.9\n", "gate.yaml");

        Assert.Equal("gate.yaml:6:5: RG1004: unknown key 'min_pass_rte' in an eval requirement; did you mean 'min_pass_rate'?", result.Errors.Single().ToString());
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_allowed_keys()
    {
        var result = GateParser.Parse(Head + "zzz: 1\n", "g.yaml");

        var message = result.Errors.Single().Message;
        Assert.Contains("allowed keys are", message, StringComparison.Ordinal);
        Assert.Contains("approvals", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_error_says_what_to_do()
    {
        var result = GateParser.Parse(Head + "evals:\n\t- suite: core\n", "g.yaml");

        Assert.Equal("g.yaml:5:1: RG1002: tab character in indentation; YAML indents with spaces only. Replace the tab with spaces.", result.Errors.Single().ToString());
    }

    [Fact]
    public void Unclosed_bracket_points_at_the_opener()
    {
        var result = GateParser.Parse(Head + "severity:\n  block_on: [critical, high\n", "g.yaml");

        Assert.Equal("g.yaml:5:13: RG1013: '[' opened here is never closed; add the matching ']'.\n    5 |   block_on: [critical, high", result.Errors.Single().ToString());
    }

    [Fact]
    public void Duplicate_key_names_the_first_line()
    {
        var result = GateParser.Parse(Head + "risk: high\nrisk: low\n", "g.yaml");

        Assert.Equal("g.yaml:5:1: RG1003: duplicate key 'risk' (first defined on line 4); keep one of them.", result.Errors.Single().ToString());
    }

    [Fact]
    public void Inconclusive_review_without_a_review_says_what_to_do()
    {
        var result = GateParser.Parse(Head + "evals:\n  - suite: c\n    no_regression: { on_inconclusive: review }\n", "g.yaml");

        Assert.Equal(
            "g.yaml:6:39: RG1034: 'on_inconclusive: review' sends the cases behind an inconclusive comparison to people, but the gate has no 'reviews'; add a review (its first review samples those cases), or use 'on_inconclusive: warn'.",
            result.Errors.Single().ToString());
    }

    [Fact]
    public void The_review_keys_of_issue_18_parse()
    {
        var result = GateParser.Parse(
            Head + """
            evals:
              - suite: core
                no_regression: { on_inconclusive: review }
            reviews:
              - id: experts
                group: support-experts
                adjudicator: support-leads
                sample: { failures: all, slices: { refunds: 5, vip: 2 }, judge_band: 0.1 }
              - { id: legal, group: legal }
            """,
            "gate.yaml");

        Assert.True(result.Success, string.Join("\n", result.Errors));
        var experts = result.Value.Reviews[0];
        Assert.Equal("support-leads", experts.AdjudicatorGroup);
        Assert.Equal(new Dictionary<string, int> { ["refunds"] = 5, ["vip"] = 2 }, experts.SampleSlices);
        Assert.Equal(0.1, experts.JudgeBand);
        var legal = result.Value.Reviews[1];
        Assert.Null(legal.Adjudicator);
        Assert.Equal("legal", legal.AdjudicatorGroup);
        Assert.Empty(legal.SampleSlices);
        Assert.Null(legal.JudgeBand);
    }

    [Fact]
    public void Every_key_of_the_design_example_parses()
    {
        var result = GateParser.Parse(DesignExample, "gate.yaml");

        Assert.True(result.Success, string.Join("\n", result.Errors));
        var gate = result.Value;
        Assert.Equal("support-agent", gate.Workflow);
        Assert.Equal(Model.RiskTier.High, gate.Risk);
        var eval = Assert.Single(gate.Evals);
        Assert.Equal("suites/support-core.yaml", eval.File);
        Assert.Equal(0.95, eval.Confidence);
        Assert.True(Assert.Single(eval.Slices).Protected);
        Assert.Equal(Model.RegressionMethod.McNemar, eval.NoRegression!.Method);
        Assert.Equal(2, gate.Severity!.MaxFailures[Model.Severity.High]);
        Assert.Equal("regressions", gate.Regressions!.Suite);
        Assert.Equal(2, Assert.Single(gate.Reviews).ReviewersPerItem);
        Assert.Equal("tool-allowlist", Assert.Single(gate.Policies).Id);
        Assert.Equal(["model-card", "red-team-report"], gate.RequiredEvidence);
        Assert.Equal(TimeSpan.FromHours(48), gate.Approvals[2].Escalate!.After);
        Assert.Equal(TimeSpan.FromDays(14), gate.Waivers.MaxDuration);
        Assert.StartsWith("sha256:", gate.Digest, StringComparison.Ordinal);
    }

    internal const string DesignExample = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: support-agent
        risk: high
        evals:
          - suite: support-core
            file: suites/support-core.yaml
            min_pass_rate: 0.90
            confidence: 0.95
            max_error_rate: 0.02
            repeats: { aggregate: all }
            slices:
              refunds: { min_pass_rate: 0.95, protected: true }
            no_regression: { slices: protected, method: mcnemar, alpha: 0.05, margin: 0.0 }
        severity:
          block_on: [critical]
          max_failures: { high: 2 }
        regressions:
          suite: regressions
          must_pass: [critical, high]
        reviews:
          - id: expert-review
            group: support-experts
            sample: { failures: all, passing: 0.05, min: 20 }
            reviewers_per_item: 2
            min_agreement: 0.8
        policies:
          - id: tool-allowlist
            rule: "release.tools.all(t, t in ['search_kb', 'lookup_order', 'issue_refund'])"
            effect: block
            message: the agent may use approved tools only
        evidence:
          required: [model-card, red-team-report]
        approvals:
          - { stage: product, group: support-leads, count: 1 }
          - { stage: security, group: security-team, count: 1, when: "'tools' in changes" }
          - stage: governance
            group: ai-governance
            count: 2
            when: "gate.risk in ['high', 'critical']"
            escalate: { after: 48h, to: cto-office }
        waivers: { group: ai-governance, max_duration: 14d, allow_critical: false }
        """;
}
