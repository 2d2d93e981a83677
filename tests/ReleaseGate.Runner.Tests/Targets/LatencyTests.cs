using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary><c>latency_ms</c> is the whole execution, retries and their waits included; the last attempt is recorded beside it.</summary>
public sealed class LatencyTests : IDisposable
{
    private readonly RunnerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_case_that_waited_on_retry_after_fails_a_latency_assertion_shorter_than_the_wait()
    {
        var busy = """{"error":{"message":"Rate limit reached.","type":"requests","code":"rate_limit_exceeded"}}""";
        await using var server = await ScriptedServer.StartAsync(
            new ScriptedReply(429, busy, Headers: new Dictionary<string, string> { ["Retry-After"] = "1" }),
            ScriptedReply.Text("fine"));
        var suite = RunnerFixture.Load(_fixture.Write("slow.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: slow
            prompts: { user: "hi" }
            cases:
              - { id: l1, assert: [{ type: latency, threshold: 800 }] }
            """));

        var (_, lines) = await _fixture.RunAsync(suite, TargetHarness.Options(retries: 2), [TargetHarness.OpenAi(server.BaseUrl)]);

        var line = Assert.Single(lines);
        Assert.Null(line["error"]);
        Assert.Equal(2, (int)line["attempts"]!);
        var whole = (double)line["latency_ms"]!;
        var last = (double)line["last_attempt_ms"]!;
        Assert.True(whole >= 1000, $"latency_ms {whole} leaves out the Retry-After wait");
        Assert.InRange(last, 0, 800);
        Assert.True(last < whole);
        Assert.False((bool)line["pass"]!);
        Assert.Equal("latency", (string)line["assertions"]![0]!["type"]!);
        Assert.False((bool)line["assertions"]![0]!["pass"]!);
    }

    [Fact]
    public async Task A_case_answered_at_once_has_its_last_attempt_equal_to_the_whole()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedReply.Text("fine", TimeSpan.FromMilliseconds(50)));
        var suite = RunnerFixture.Load(_fixture.EchoSuite(1));

        var (_, lines) = await _fixture.RunAsync(suite, TargetHarness.Options(), [TargetHarness.OpenAi(server.BaseUrl)]);

        var line = Assert.Single(lines);
        Assert.Equal(1, (int)line["attempts"]!);
        Assert.True((double)line["latency_ms"]! >= 50);
        Assert.Equal((double)line["latency_ms"]!, (double)line["last_attempt_ms"]!);
    }
}
