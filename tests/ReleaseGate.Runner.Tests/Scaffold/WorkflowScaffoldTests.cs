using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.MockModel;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Scaffold;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Scaffold;

public sealed class WorkflowScaffoldTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rg-scaffold-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string File(IReadOnlyList<ScaffoldFile> files, string path) => files.Single(f => f.Path == path).Content;

    [Fact]
    public void Gate_suite_and_release_parse_and_every_assertion_compiles()
    {
        var files = WorkflowScaffold.Files("support-bot", 9123);

        var gate = GateParser.Parse(File(files, "gate.yaml"), "gate.yaml");
        Assert.True(gate.Success, string.Join("\n", gate.Errors));
        Assert.Equal("support-bot", gate.Value.Workflow);
        var release = ReleaseParser.Parse(File(files, "release.yaml"), "release.yaml");
        Assert.True(release.Success, string.Join("\n", release.Errors));
        var suite = SuiteParser.Parse(File(files, "suites/core.yaml"), "suites/core.yaml");
        Assert.True(suite.Success, string.Join("\n", suite.Errors));
        Assert.Equal(4, suite.Value.Cases.Count);
        foreach (var c in suite.Value.Cases)
        {
            var compiled = CaseAssertions.Compile(c.Assertions, c.Location);
            Assert.True(compiled.Success, string.Join("\n", compiled.Errors));
            Assert.False(compiled.Value.RequiresJudge);
        }
    }

    [Fact]
    public void Targets_and_mock_rules_parse_as_the_runner_reads_them()
    {
        Assert.True(WorkflowScaffold.Write(_dir, WorkflowScaffold.Files("w", 9123), p => p).Success);
        var targetsPath = Path.Combine(_dir, "targets.yaml");

        var targets = TargetsParser.Parse(System.IO.File.ReadAllText(targetsPath), targetsPath);
        var rules = MockRulesParser.Parse(System.IO.File.ReadAllText(Path.Combine(_dir, "mock-rules.yaml")), "mock-rules.yaml");

        Assert.True(targets.Success, string.Join("\n", targets.Errors));
        Assert.Equal(["candidate", "baseline"], targets.Value.Targets.Select(t => t.Id));
        Assert.All(targets.Value.Targets, t =>
        {
            Assert.Equal(new Uri("http://127.0.0.1:9123/v1"), t.Url);
            Assert.Equal(System.IO.File.ReadAllText(Path.Combine(_dir, "prompts", "system.md")), t.SystemPrompt);
            Assert.Equal(["issue_refund", "lookup_order"], t.Tools.Select(x => x.Name));
        });
        Assert.True(rules.Success, string.Join("\n", rules.Errors));
    }

    [Fact]
    public void Names_and_port_are_filled_in_everywhere_and_nothing_else_is_touched()
    {
        var files = WorkflowScaffold.Files("triage.v2", 9123);

        Assert.Contains("workflow: triage.v2 ", File(files, "gate.yaml"), StringComparison.Ordinal);
        Assert.Contains("workflow: triage.v2 ", File(files, "release.yaml"), StringComparison.Ordinal);
        Assert.Contains("base_url: http://127.0.0.1:9123/v1", File(files, "targets.yaml"), StringComparison.Ordinal);
        Assert.Contains("--port 9123 --rules mock-rules.yaml", File(files, "mock-rules.yaml"), StringComparison.Ordinal);
        Assert.Contains("user: \"{{question}}\"", File(files, "suites/core.yaml"), StringComparison.Ordinal);
        Assert.All(files, f => Assert.DoesNotContain("{{workflow}}", f.Content, StringComparison.Ordinal));
        Assert.All(files, f => Assert.DoesNotContain("{{port}}", f.Content, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gate.yaml")]
    [InlineData("release.yaml")]
    [InlineData("targets.yaml")]
    public void Every_key_is_explained(string file)
    {
        var text = File(WorkflowScaffold.Files("w", 1), file);

        // Every line that sets a key carries a comment, or follows one that explains it.
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || !line.Contains(':', StringComparison.Ordinal) || line.StartsWith("apiVersion", StringComparison.Ordinal) || line.StartsWith("kind", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(line.Contains('#', StringComparison.Ordinal) || lines[i - 1].TrimStart().StartsWith('#') || IsRepeat(lines, i), $"{file}:{i + 1} has no comment: {line}");
        }
    }

    // The baseline target and the second tool repeat keys explained above them.
    private static bool IsRepeat(string[] lines, int i) => lines.Take(i).Any(l => l.Trim().StartsWith(lines[i].Trim().Split(':')[0] + ":", StringComparison.Ordinal) && l.Contains('#', StringComparison.Ordinal));

    [Fact]
    public void Writes_every_file_into_a_new_folder()
    {
        var target = Path.Combine(_dir, "new", "workflow");

        var result = WorkflowScaffold.Write(target, WorkflowScaffold.Files("w", 8089), p => p);

        Assert.True(result.Success);
        Assert.Equal(6, result.Value.Count);
        Assert.True(System.IO.File.Exists(Path.Combine(target, "suites", "core.yaml")));
        Assert.True(System.IO.File.Exists(Path.Combine(target, "prompts", "system.md")));
    }

    [Fact]
    public void An_existing_file_stops_everything()
    {
        System.IO.File.WriteAllText(Path.Combine(_dir, "targets.yaml"), "mine");

        var result = WorkflowScaffold.Write(_dir, WorkflowScaffold.Files("w", 8089), p => p);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new GateError(ErrorCodes.InitFileExists, "the file exists; init never overwrites files. Remove it, or scaffold into another folder with --dir.", SourceLocation.OfFile("targets.yaml")), error);
        Assert.Equal(["targets.yaml"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.Equal("mine", System.IO.File.ReadAllText(Path.Combine(_dir, "targets.yaml")));
    }

    [Fact]
    public void A_failure_half_way_takes_back_what_was_written()
    {
        // A file where the prompts folder must go: the gate, suite, targets and release are written first, then
        // creating prompts/ fails.
        System.IO.File.WriteAllText(Path.Combine(_dir, "prompts"), "in the way");
        var files = WorkflowScaffold.Files("w", 8089).Where(f => f.Path != "prompts").ToList();

        var result = WorkflowScaffold.Write(_dir, files, p => p);

        var error = Assert.Single(result.Errors);
        Assert.Equal(SourceLocation.OfFile("prompts/system.md"), error.Location);
        Assert.Equal(["prompts"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }
}
