using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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

    [Fact]
    public void The_scaffold_runs_against_the_mock_model_and_check_decides()
    {
        var port = FreePort();
        var init = CliProcess.Run(_dir.Path, null, "init", "--workflow", "support-bot", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, init.ExitCode);

        using var mock = StartMockModel(_dir.Path, port);
        try
        {
            var eval = CliProcess.Run(_dir.Path, null, "eval", "run", "--suite", "suites/core.yaml", "--targets", "targets.yaml", "--target", "candidate", "--baseline-target", "baseline", "--output", "results.jsonl", "--progress", "none");
            Assert.True(eval.ExitCode == 0, eval.Stdout + eval.Stderr);

            var lines = File.ReadAllLines(Path.Combine(_dir.Path, "results.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal(8, lines.Count);
            Assert.All(lines, l => Assert.Null(l["error"]));

            // Every assertion the scaffold writes holds on the mock model's scripted answers (latency aside: a loaded
            // machine may be slow, and then the gate rightly blocks).
            Assert.All(lines.SelectMany(l => l["assertions"]!.AsArray()).Where(a => (string)a!["type"]! != "latency"), a => Assert.True((bool)a!["pass"]!, a!.ToJsonString()));
            Assert.Contains(lines, l => (string)l["case"]! == "refund-damaged-order" && l["assertions"]!.AsArray().Any(a => (string)a!["type"]! == "tool-args" && (bool)a["pass"]!));

            var check = CliProcess.Run(_dir.Path, null, "check", "--gate", "gate.yaml", "--results", "results.jsonl", "--release", "release.yaml", "--format", "json");
            var slow = lines.SelectMany(l => l["assertions"]!.AsArray()).Any(a => (string)a!["type"]! == "latency" && !(bool)a["pass"]!);
            Assert.Equal(slow ? 1 : 0, check.ExitCode);
            Assert.Equal(slow ? "blocked" : "pass", (string)JsonNode.Parse(check.Stdout)!["verdict"]!);
        }
        finally
        {
            mock.Kill();
            mock.WaitForExit();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>releasegate mock-model</c> with the scaffolded rules and waits until it listens.</summary>
    private static Process StartMockModel(string dir, int port)
    {
        var start = CliProcess.StartInfo(dir, "mock-model", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rules", "mock-rules.yaml");

        var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null || !line.Result.Contains("listening", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"mock-model did not start: {line.Result} {process.StandardError.ReadToEnd()}");
        }

        return process;
    }
}
