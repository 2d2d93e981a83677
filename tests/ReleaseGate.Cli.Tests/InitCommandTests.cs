using System.Text.Json.Nodes;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Cli.Tests;

public sealed class InitCommandTests : IDisposable
{
    private static readonly string[] Scaffolded = ["gate.yaml", "mock-rules.yaml", "prompts/system.md", "release.yaml", "suites/core.yaml", "targets.yaml"];

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private List<string> FilesUnder(string dir) =>
        [.. Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Fact]
    public void Init_scaffolds_files_that_check_accepts()
    {
        var run = CliProcess.Run(_dir.Path, null, "init", "--workflow", "support-bot", "--dir", "support-bot");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Scaffolded workflow 'support-bot' in support-bot:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("releasegate mock-model --port 8089 --rules mock-rules.yaml &", run.Stdout, StringComparison.Ordinal);
        var dir = Path.Combine(_dir.Path, "support-bot");
        Assert.Equal(Scaffolded, FilesUnder(dir));
        Assert.True(GateParser.Parse(File.ReadAllText(Path.Combine(dir, "gate.yaml")), "gate.yaml").Success);

        // Results for every case of the scaffolded suite, candidate and baseline alike: the gate passes.
        var suite = SuiteParser.Parse(File.ReadAllText(Path.Combine(dir, "suites", "core.yaml")), "core.yaml").GetValueOrThrow();
        var lines = suite.Cases.SelectMany(c => new[] { "candidate", "baseline" }.Select(t =>
            new JsonObject { ["suite"] = "core", ["case"] = c.Id, ["target"] = t, ["pass"] = true }.ToJsonString()));
        File.WriteAllLines(Path.Combine(dir, "results.jsonl"), lines);

        var check = CliProcess.Run(dir, null, "check", "--gate", "gate.yaml", "--results", "results.jsonl", "--release", "release.yaml", "--format", "json");

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        var decision = JsonNode.Parse(check.Stdout)!;
        Assert.Equal("pass", (string)decision["verdict"]!);
        Assert.Equal("support-bot", (string)decision["workflow"]!);
        Assert.Contains(decision["checks"]!.AsArray(), c => (string)c!["id"]! == "policies/tool-allowlist" && (string)c["status"]! == "pass");
    }

    [Fact]
    public void Init_refuses_to_overwrite_and_writes_nothing()
    {
        _dir.Write("release.yaml", "my own release\n");

        var run = CliProcess.Run(_dir.Path, null, "init", "--workflow", "w");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("release.yaml: RG1490: the file exists; init never overwrites files. Remove it, or scaffold into another folder with --dir.\n1 error; nothing was written.\n", run.Stderr);
        Assert.Equal(["release.yaml"], FilesUnder(_dir.Path));
        Assert.Equal("my own release\n", File.ReadAllText(Path.Combine(_dir.Path, "release.yaml")));
        Assert.Empty(Directory.GetDirectories(_dir.Path));
    }

    [Fact]
    public void The_workflow_name_defaults_to_the_folder()
    {
        var run = CliProcess.Run(_dir.Path, null, "init", "--dir", "triage-assistant");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("workflow: triage-assistant ", File.ReadAllText(Path.Combine(_dir.Path, "triage-assistant", "gate.yaml")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--workflow", "support bot", "--workflow 'support bot' is not a valid name")]
    [InlineData("--port", "70000", "--port must be between 1 and 65535; got 70000.")]
    public void Bad_options_exit_2_and_write_nothing(string option, string value, string message)
    {
        var run = CliProcess.Run(_dir.Path, null, "init", option, value, "--dir", "x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"RG1301: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "x")));
    }
}
