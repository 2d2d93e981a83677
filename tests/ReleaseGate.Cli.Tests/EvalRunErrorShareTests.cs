using System.Net;
using System.Net.Sockets;
using ReleaseGate.MockModel;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>Issue 22: <c>eval run</c> exits 4 (RG1316) when a target's executions all errored, or more than --max-error-share did.</summary>
public sealed class EvalRunErrorShareTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Suite(int cases)
    {
        _folder.Write("cases.jsonl", string.Concat(Enumerable.Range(0, cases).Select(i =>
            $"{{\"id\":\"c{i}\",\"vars\":{{\"word\":\"w{i}\"}},\"assert\":[{{\"type\":\"contains\",\"value\":\"w{i}\"}}]}}\n")));
        return _folder.Write("suite.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: echo
            prompts: { user: "Say {{word}}" }
            case_files: [cases.jsonl]
            """);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private CliProcess.Outcome EvalRun(string target, params string[] more) =>
        CliProcess.Run(_folder.Path, null, ["eval", "run", "--suite", Suite(12), "--target", target, "-o", "results.jsonl", "--no-cache", "--retries", "0", "--progress", "none", .. more]);

    [Fact]
    public void Every_execution_refused_exits_4_and_says_why()
    {
        var run = EvalRun($"openai:m@http://127.0.0.1:{ClosedPort()}/v1");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("| candidate | (all) |         12 |    0 |    0 |    12 |      0.0% |", run.Stdout, StringComparison.Ordinal);
        var line = Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("releasegate: RG1316: every execution of the candidate errored (12 of 12); the run's first error: ", line, StringComparison.Ordinal);
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("check that it is reachable and answers (its URL, port and key), then run again.", line, StringComparison.Ordinal);
        // The results are still written whole: the gate reads them as errors.
        Assert.Equal(12, File.ReadAllLines(Path.Combine(_folder.Path, "results.jsonl")).Length);
    }

    [Fact]
    public async Task Every_execution_answered_500_exits_4()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Faults = new FaultRates(0, 1, 0, 0) });

        var run = EvalRun($"openai:m@{server.BaseUrl}");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("RG1316: every execution of the candidate errored (12 of 12); the run's first error: HTTP 500", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_baseline_that_never_answered_exits_4_though_the_candidate_did()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());

        var run = EvalRun($"openai:m@{server.BaseUrl}", "--baseline-target", $"openai:old@http://127.0.0.1:{ClosedPort()}/v1");

        Assert.Equal(4, run.ExitCode);
        var line = Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("releasegate: RG1316: every execution of the baseline errored (12 of 12)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Some_errors_pass_by_default_and_fail_above_max_error_share()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Faults = new FaultRates(0, 0.5, 0, 0), Seed = 7 });
        var url = $"openai:m@{server.BaseUrl}";

        var lenient = EvalRun(url);
        var errored = File.ReadAllLines(Path.Combine(_folder.Path, "results.jsonl")).Count(l => l.Contains("\"error\":\"", StringComparison.Ordinal));
        Assert.InRange(errored, 3, 11);
        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal("", lenient.Stderr);

        var strict = EvalRun(url, "--max-error-share", "0.2");
        Assert.Equal(4, strict.ExitCode);
        Assert.Matches(@"^releasegate: RG1316: \d+ of 12 executions of the candidate errored \(\d+(\.\d)?%, above --max-error-share 0\.2\); the run's first error: HTTP 500", strict.Stderr);

        var tolerant = EvalRun(url, "--max-error-share", "1");
        Assert.Equal(0, tolerant.ExitCode);
    }

    [Fact]
    public void Max_error_share_outside_0_to_1_is_a_usage_error()
    {
        var run = EvalRun("openai:m@http://127.0.0.1:9/v1", "--max-error-share", "20");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("releasegate: RG1301: --max-error-share must be a share between 0 and 1, such as 0.2; got 20.", run.Stderr.Trim());
    }
}
