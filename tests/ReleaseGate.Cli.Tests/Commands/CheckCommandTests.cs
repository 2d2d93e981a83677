using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace ReleaseGate.Cli.Tests.Commands;

public sealed class CheckCommandTests : IDisposable
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        evals:
          - suite: core
            min_pass_rate: 0.8
            slices:
              refunds: { protected: true }
            no_regression: { slices: protected, method: mcnemar, alpha: 0.05 }
        severity:
          block_on: [critical]
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>20 refunds cases and 20 others; the candidate fails <paramref name="failingRefunds"/> refunds cases that pass on the baseline.</summary>
    private string Results(int failingRefunds, string name = "results.jsonl", string caseId = "case")
    {
        var lines = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var slice = i < 20 ? "refunds" : "other";
            var pass = i >= failingRefunds ? "true" : "false";
            lines.Add($$"""{"suite":"core","case":"{{caseId}}-{{i}}","target":"candidate","slices":["{{slice}}"],"pass":{{pass}}}""");
            lines.Add($$"""{"suite":"core","case":"{{caseId}}-{{i}}","target":"baseline","slices":["{{slice}}"],"pass":true}""");
        }

        return _dir.Write(name, string.Join('\n', lines) + "\n");
    }

    private CliProcess.Outcome Check(params string[] args) => CliProcess.Run(_dir.Path, null, ["check", "--gate", _dir.Write("gate.yaml", Gate), .. args]);

    [Fact]
    public void Passing_release_exits_0_with_the_verdict_last()
    {
        var run = Check("--results", Results(0));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("PASS: every check passes", run.Stdout.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Protected_slice_regression_exits_1_and_lists_the_failure_first()
    {
        var run = Check("--results", Results(8));

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        var firstRow = lines.First(l => l.StartsWith("| FAIL", StringComparison.Ordinal) || l.StartsWith("| PASS", StringComparison.Ordinal));
        Assert.Contains("FAIL", firstRow, StringComparison.Ordinal);
        Assert.Contains("refunds: 8 cases that passed on the baseline now fail", run.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("BLOCKED: ", lines.Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_format_is_the_decision_document()
    {
        var run = Check("--results", Results(8), "--format", "json", "--now", "2026-11-26T00:00:00Z");

        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal("blocked", root.GetProperty("verdict").GetString());
        Assert.Equal("demo", root.GetProperty("workflow").GetString());
        Assert.Equal("2026-11-26T00:00:00Z", root.GetProperty("evaluated_at").GetString());
        Assert.StartsWith("sha256:", root.GetProperty("gate").GetProperty("digest").GetString(), StringComparison.Ordinal);
        var check = root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "evals/core/slice/refunds/no-regression");
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Equal(8, check.GetProperty("measured").GetProperty("regressed").GetInt32());
    }

    [Fact]
    public void Same_inputs_give_byte_identical_json()
    {
        var results = Results(3);

        var a = Check("--results", results, "--format", "json", "--now", "2026-11-26T00:00:00Z");
        var b = Check("--results", results, "--format", "json", "--now", "2026-11-26T00:00:00Z");

        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Fact]
    public void Markdown_encodes_untrusted_case_ids()
    {
        var run = Check("--results", Results(8, caseId: "<img src=x onerror=alert(1)>|x"), "--format", "markdown");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("### ❌ ReleaseGate: blocked", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| status | check | summary |", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;\\|x-0", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Junit_has_a_testcase_per_check_and_a_failure_per_failing_check()
    {
        var run = Check("--results", Results(8), "--format", "junit");

        Assert.Equal(1, run.ExitCode);
        var suite = XDocument.Parse(run.Stdout).Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(int.Parse(suite.Attribute("tests")!.Value, System.Globalization.CultureInfo.InvariantCulture), cases.Count);
        var failed = cases.Where(c => c.Element("failure") is not null).Select(c => c.Attribute("name")!.Value).ToList();
        Assert.Contains("evals/core/slice/refunds/no-regression", failed);
        Assert.Equal(suite.Attribute("failures")!.Value, failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Output_file_gets_the_report_and_stdout_the_verdict()
    {
        var report = Path.Combine(_dir.Path, "out", "..", "decision.json");

        var run = Check("--results", Results(0), "--format", "json", "--output", report);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("PASS", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("pass", JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("verdict").GetString());
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void Unwritable_output_exits_2_with_RG1204()
    {
        var report = Path.Combine(_dir.Path, "no-such-folder", "decision.json");

        var run = Check("--results", Results(0), "--output", report);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{report}: RG1204: cannot write the report:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_can_come_from_standard_input()
    {
        var text = File.ReadAllText(Results(8));

        var run = CliProcess.Run(_dir.Path, text, "check", "--gate", _dir.Write("gate.yaml", Gate), "--results", "-");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("refunds: 8 cases that passed on the baseline now fail", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_human_steps_pending_exits_0()
    {
        var gate = _dir.Write("pending.yaml", Gate + "\napprovals:\n  - { stage: product, group: leads }\n");

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", Results(0));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("PENDING: no check fails; waiting on people", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("needs 1 approval from leads", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_are_evaluated_over_the_release()
    {
        var release = _dir.Write("release.yaml", "apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"1.2\"\ncomponents:\n  model: gpt-4o\n  tools: [search_kb, delete_account]\n");
        var gate = _dir.Write("policy.yaml", Gate + """

            policies:
              - id: tool-allowlist
                rule: "release.tools.all(t, t in ['search_kb', 'lookup_order'])"
                message: the agent may use approved tools only
              - { id: model-allowlist, rule: "release.model in ['gpt-4o', 'gpt-4o-mini']" }
            """);

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", Results(0), "--release", release, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var checks = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
        Assert.Equal("fail", checks["policies/tool-allowlist"].GetProperty("status").GetString());
        Assert.Equal("policy 'tool-allowlist' is violated: the agent may use approved tools only.", checks["policies/tool-allowlist"].GetProperty("summary").GetString());
        Assert.Equal("pass", checks["policies/model-allowlist"].GetProperty("status").GetString());
        var threshold = checks["policies/tool-allowlist"].GetProperty("threshold");
        Assert.Equal("release.tools.all(t, t in ['search_kb', 'lookup_order'])", threshold.GetProperty("rule").GetString());
        Assert.StartsWith("sha256:", threshold.GetProperty("rule_digest").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_policy_field_is_bad_input_before_anything_is_decided()
    {
        var gate = _dir.Write("policy.yaml", Gate + "\npolicies:\n  - { id: tools, rule: \"release.tool.all(t, t == 'x')\" }\n");

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", Results(0));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("RG1019: policy 'tools' reads 'tool', which the input document does not have; did you mean 'tools'?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_compliance_rule_field_is_bad_input_though_the_gate_has_no_policies()
    {
        var gate = _dir.Write("compliance.yaml", Gate + "\ncompliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: bank, rule: \"bank.added_since_shp == 0\", severity: low, owner: qa }\n");

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", Results(0));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("RG1019: compliance policy 'bank' reads 'added_since_shp', which the input document does not have; did you mean 'added_since_ship'?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_check_notes_that_blocking_compliance_findings_are_tracked_by_the_server()
    {
        var gate = _dir.Write("compliance.yaml", Gate + "\ncompliance:\n  schedule: \"0 6 * * *\"\n  block: [critical]\n  policies:\n    - { id: bank, rule: \"bank.added_since_ship == 0\", severity: critical, owner: qa }\n");

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", Results(0), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var decision = JsonDocument.Parse(run.Stdout);
        Assert.DoesNotContain(decision.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("id").GetString() == "compliance/findings");
        Assert.Contains(decision.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("tracked by the server (`releasegate serve`)", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_gate_exits_2_naming_every_error_with_its_location()
    {
        var gate = _dir.Write("bad.yaml", "apiVersion: releasegate/v1\nkind: Gate\nworkflow: demo\nrisk: hgh\nevals:\n  - suite: core\n    min_pass_rte: 0.8\n");

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", Results(0));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains($"{gate}:4:7: RG1008: 'risk' must be one of low, medium, high, critical; got 'hgh'. Did you mean 'high'?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{gate}:7:5: RG1004: unknown key 'min_pass_rte' in an eval requirement; did you mean 'min_pass_rate'?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 errors; nothing was decided.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_result_lines_exit_2_with_line_and_column()
    {
        var results = _dir.Write("bad.jsonl", "{\"suite\":\"core\",\"case\":\"a\",\"pass\":true}\n{\"suite\":\"core\",\"case\":\"b\"}\n{\"suite\":\"core\",\"case\":\"c\",\"pass\":\"yes\"}\n");

        var run = Check("--results", results);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{results}:2:1: RG1104:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{results}:3:28: RG1103: field 'pass' must be true, false or null.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_exits_2_with_RG1201()
    {
        var run = Check("--results", Path.Combine(_dir.Path, "nope.jsonl"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.jsonl: RG1201: cannot read the file: it does not exist.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "check" }, "Option '--gate' is required")]
    [InlineData(new[] { "check", "--gate", "g.yaml", "--format", "yaml" }, "RG1315: --format does not take 'yaml'")]
    [InlineData(new[] { "check", "--gate", "g.yaml", "--now", "yesterday" }, "--now must be an RFC 3339 timestamp")]
    [InlineData(new[] { "check", "--gate", "g.yaml", "--results", "-", "--baseline-results", "-" }, "standard input ('-') can be read once only")]
    [InlineData(new[] { "chekc" }, "RG1313: 'chekc' is not a releasegate command; did you mean 'check'?")]
    public void Usage_errors_exit_2_and_say_what_is_wrong(string[] args, string expected)
    {
        var run = CliProcess.Run(_dir.Path, null, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Waiver_excuses_a_failure_until_it_expires()
    {
        var release = _dir.Write("release.yaml", "apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"1.2\"\n");
        var waivers = _dir.Write("waivers.yaml", """
            apiVersion: releasegate/v1
            kind: Waivers
            waivers:
              - check: "evals/core/slice/refunds/*"
                release: "1.2"
                reason: refunds copy rewritten on purpose
                granted_by: alice
                expires: 2026-12-01T00:00:00Z
            """);
        var results = Results(8);

        var before = Check("--results", results, "--release", release, "--waivers", waivers, "--now", "2026-11-30T00:00:00Z");
        var after = Check("--results", results, "--release", release, "--waivers", waivers, "--now", "2026-12-01T00:00:00Z");

        var json = Check("--results", results, "--release", release, "--waivers", waivers, "--now", "2026-11-30T00:00:00Z", "--format", "json");

        Assert.Equal(0, before.ExitCode);
        Assert.Matches(@"\|\s*WAIVED\s*\|\s*evals/core/slice/refunds/no-regression", before.Stdout);
        var waived = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == "evals/core/slice/refunds/no-regression");
        Assert.Equal("waived", waived.GetProperty("status").GetString());
        Assert.Equal("alice", waived.GetProperty("waiver").GetProperty("granted_by").GetString());
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("it expired at 2026-12-01T00:00:00Z", after.Stdout, StringComparison.Ordinal);
    }
}
