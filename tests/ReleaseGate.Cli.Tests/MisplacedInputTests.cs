using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>Issue 22: <c>check</c> given a suite, gate, decision or run record as results says what the file is, once.</summary>
public sealed class MisplacedInputTests : IDisposable
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        evals:
          - suite: core
            min_pass_rate: 0.8
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliProcess.Outcome Check(params string[] args) => CliProcess.Run(_dir.Path, null, ["check", "--gate", _dir.Write("gate.yaml", Gate), .. args]);

    private static string Results(int cases) =>
        string.Concat(Enumerable.Range(0, cases).Select(i => $$"""{"suite":"core","case":"c{{i}}","pass":true}""" + "\n"));

    private static string[] Lines(CliProcess.Outcome run) => run.Stderr.TrimEnd().ReplaceLineEndings("\n").Split('\n');

    [Fact]
    public void A_suite_file_given_as_results_is_named_once()
    {
        var suite = _dir.Write("suite.yaml", "apiVersion: releasegate/v1\nkind: Suite\nname: core\nprompts: { user: \"{{q}}\" }\ncases:\n"
            + string.Concat(Enumerable.Range(0, 80).Select(i => $"  - {{ id: c{i}, vars: {{ q: hello }}, assert: [{{ type: contains, value: hi }}] }}\n")));

        var run = Check("--results", suite);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                $"{suite}: RG1045: this is a suite file (kind: Suite), not results JSONL; run it first with 'releasegate eval run --suite FILE --target T -o results.jsonl', then pass results.jsonl with --results.",
                "1 error; nothing was decided. Fix the input and run again.",
            ],
            Lines(run));
    }

    [Fact]
    public void A_decision_given_as_results_is_named_once()
    {
        var results = _dir.Write("results.jsonl", Results(10));
        var decision = Check("--results", results, "--format", "json", "--output", "decision.json");
        Assert.Equal(0, decision.ExitCode);

        var run = Check("--results", Path.Combine(_dir.Path, "decision.json"));

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(Lines(run), l => l.Contains("RG1045", StringComparison.Ordinal));
        Assert.EndsWith("decision.json: RG1045: this is a decision (what 'check --format json' or the server's API returns), not results JSONL; pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results.", line, StringComparison.Ordinal);
        Assert.Equal(2, Lines(run).Length);
    }

    [Fact]
    public void A_gate_given_as_results_is_named_once_beside_the_other_files_errors()
    {
        var results = _dir.Write("results.jsonl", Results(10));
        var gate = Path.Combine(_dir.Path, "gate.yaml");

        var run = Check("--results", results, gate);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                $"{gate}: RG1045: this is a gate file (kind: Gate), not results JSONL; pass it with --gate, and pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results.",
                "1 error; nothing was decided. Fix the input and run again.",
            ],
            Lines(run));
    }

    [Fact]
    public void A_run_record_given_as_results_names_its_results_file()
    {
        var record = _dir.Write("core.jsonl.run.json", "{\n  \"status\": \"complete\",\n  \"suite\": \"core\",\n  \"results\": \"core.jsonl\",\n  \"planned\": 10,\n  \"written\": 10\n}\n");

        var run = Check("--results", record);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{record}: RG1045: this is the record of an eval run (FILE.run.json), not results JSONL; pass the results file it describes (core.jsonl) with --results.", Lines(run)[0]);
        Assert.Equal(2, Lines(run).Length);
    }

    [Fact]
    public void Results_given_with_r_are_named_as_results()
    {
        var results = _dir.Write("results.jsonl", Results(10));

        var run = Check("-r", results);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                $"{results}: RG1045: this is a results file (JSONL), not a release manifest (kind: Release); pass it with --results (-r stands for --release).",
                "1 error; nothing was decided. Fix the input and run again.",
            ],
            Lines(run));
    }

    [Fact]
    public void A_results_file_with_bad_lines_keeps_its_line_errors()
    {
        var results = _dir.Write("results.jsonl", "{\"suite\":\"core\",\"case\":\"c1\",\"pas\":true}\n{\"suite\":\"core\",\"case\":\"c2\",\"pass\":true}\n");

        var run = Check("--results", results);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{results}:1:", Lines(run)[0], StringComparison.Ordinal);
        Assert.DoesNotContain("RG1045", run.Stderr, StringComparison.Ordinal);
    }
}
