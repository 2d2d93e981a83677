using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>Issue 22: what <c>check</c> prints about a YAML syntax error and about <c>changes</c> without a baseline.</summary>
public sealed class CheckExplainsTests : IDisposable
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        evals:
          - suite: core
        approvals:
          - { stage: security, group: security-team, count: 1, when: "'tools' in changes" }
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Release(string name, string version, string tools) =>
        _dir.Write(name, $"apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"{version}\"\ncomponents: {{ model: m, tools: [{tools}] }}\n");

    private CliProcess.Outcome Check(params string[] args) =>
        CliProcess.Run(_dir.Path, null, ["check", "--gate", _dir.Write("gate.yaml", Gate), "--results", _dir.Write("r.jsonl", "{\"suite\":\"core\",\"case\":\"c1\",\"pass\":true}\n"), .. args]);

    [Fact]
    public void Without_a_baseline_release_the_output_says_changes_lists_every_component()
    {
        var run = Check("-r", Release("release.yaml", "2", "search_kb"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(
            "note: there is no baseline release (none has shipped, or check was not given --baseline-release), so `changes` lists every component (model, prompts, tools, config, attachments): approval stage 'security' reads it as if everything changed.",
            run.Stdout,
            StringComparison.Ordinal);
        Assert.Contains("approvals/security", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_baseline_release_changes_compares_and_needs_no_note()
    {
        var run = Check("-r", Release("release.yaml", "2", "search_kb"), "--baseline-release", Release("baseline.yaml", "1", "search_kb"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("`changes`", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("approvals/security", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_line_of_the_mistake_and_shows_it()
    {
        var gate = _dir.Write("bad.yaml", "apiVersion: releasegate/v1\nkind: Gate\nworkflow: demo\nevals\n  - suite: core\n");

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                $"{gate}:4:1: RG1001: YAML syntax error: the value on this line runs on into line 5, which holds a key; add the ':' this line is missing (key: value), or indent line 5 less.",
                "    4 | evals",
                "1 error; nothing was decided. Fix the input and run again.",
            ],
            run.Stderr.TrimEnd().ReplaceLineEndings("\n").Split('\n'));
    }
}
