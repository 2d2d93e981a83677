using System.Diagnostics;
using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary>
/// The openai target against a scripted OpenAI-compatible server the project did not write (issue 23, item 6): what it
/// sends, how long it waits, and how it reads answers and failures.
/// </summary>
public sealed class OpenAiTargetTests : IDisposable
{
    private readonly TargetHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_target_timeout_longer_than_the_runs_applies_to_the_request()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedReply.Text("late but fine", TimeSpan.FromMilliseconds(1500)));

        var outcome = await _harness.CallAsync(
            TargetHarness.OpenAi(server.BaseUrl, timeout: TimeSpan.FromSeconds(5)), TargetHarness.Options(TimeSpan.FromSeconds(1)));

        Assert.Null(outcome.Error);
        Assert.Equal("late but fine", outcome.Response!.Output);
    }

    [Fact]
    public async Task A_target_timeout_shorter_than_the_runs_applies_and_the_error_names_it()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedReply.Text("too late", TimeSpan.FromSeconds(5)));
        var clock = Stopwatch.StartNew();

        var outcome = await _harness.CallAsync(
            TargetHarness.OpenAi(server.BaseUrl, timeout: TimeSpan.FromMilliseconds(500)), TargetHarness.Options(TimeSpan.FromSeconds(3)));

        Assert.Equal("timed out after 0.5 s", outcome.Error);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Without_a_target_timeout_the_runs_applies_and_the_error_names_it()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedReply.Text("too late", TimeSpan.FromSeconds(5)));

        var outcome = await _harness.CallAsync(TargetHarness.OpenAi(server.BaseUrl), TargetHarness.Options(TimeSpan.FromMilliseconds(700)));

        Assert.Equal("timed out after 0.7 s", outcome.Error);
    }
}
