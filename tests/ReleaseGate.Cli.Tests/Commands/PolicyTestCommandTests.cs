using Xunit;

namespace ReleaseGate.Cli.Tests.Commands;

public sealed class PolicyTestCommandTests : IDisposable
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: high
        evals:
          - suite: core
        policies:
          - { id: tool-allowlist, rule: "release.tools.all(t, t in ['search_kb'])" }
          - { id: model-allowlist, rule: "release.model.startsWith('gpt-')" }
        approvals:
          - { stage: security, group: sec, when: "'tools' in changes" }
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_example_policy_tests_pass_and_cover_every_rule()
    {
        var run = CliProcess.Run(CliProcess.RepositoryRoot(), null, "policy", "test", "examples/support-agent/policies.test.yaml", "--coverage");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("13 expectations, 13 passed, 0 failed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("coverage: every policy and approval condition is tested", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_expectation_fails_naming_the_test_the_policy_and_both_outcomes()
    {
        _dir.Write("gate.yaml", Gate);
        var tests = _dir.Write("t.yaml", """
            apiVersion: releasegate/v1
            kind: PolicyTests
            gate: gate.yaml
            tests:
              - name: an extra tool is fine
                input: { release: { tools: [search_kb, delete_account] } }
                expect: { tool-allowlist: true }
              - name: security comes with new tools
                input: { changes: [tools] }
                expect: { approvals/security: true }
            """);

        var run = CliProcess.Run(_dir.Path, null, "policy", "test", tests, "--coverage");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"FAIL {tests}:5:5: test 'an extra tool is fine': tool-allowlist: expected true, got false", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 expectations, 1 passed, 1 failed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("coverage: no test exercises model-allowlist", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Included_policy_files_join_the_gate_and_ids_stay_unique()
    {
        _dir.Write("shared/org.yaml", "apiVersion: releasegate/v1\nkind: Policies\npolicies:\n  - { id: model-allowlist, rule: \"release.model == 'x'\" }\n");
        var gate = _dir.Write("gate.yaml", Gate.Replace("policies:\n", "policies:\n  - include: shared/org.yaml\n", StringComparison.Ordinal));

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", _dir.Write("r.jsonl", "{\"suite\":\"core\",\"case\":\"a\",\"pass\":true}\n"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("RG1012: duplicate policy id 'model-allowlist'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("shared/org.yaml", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_included_file_is_bad_input_at_the_include()
    {
        var gate = _dir.Write("gate.yaml", Gate.Replace("policies:\n", "policies:\n  - include: nowhere.yaml\n", StringComparison.Ordinal));

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", _dir.Write("r.jsonl", "{\"suite\":\"core\",\"case\":\"a\",\"pass\":true}\n"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{gate}:8:14: RG1201: cannot read", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expectation_naming_no_rule_is_bad_input()
    {
        _dir.Write("gate.yaml", Gate);
        var tests = _dir.Write("t.yaml", "apiVersion: releasegate/v1\nkind: PolicyTests\ngate: gate.yaml\ntests:\n  - name: typo\n    expect: { tool-alowlist: true }\n");

        var run = CliProcess.Run(_dir.Path, null, "policy", "test", tests);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("RG1004: test 'typo' expects 'tool-alowlist', which is no policy id or approval stage with a 'when' in gate.yaml; did you mean 'tool-allowlist'?", run.Stderr, StringComparison.Ordinal);
    }
}
