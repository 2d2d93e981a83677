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

    [Theory]
    [InlineData(400, "invalid_request_error", "invalid_value", "Invalid value for 'temperature': expected at most 2.")]
    [InlineData(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: sk-...abcd.")]
    [InlineData(429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota, please check your plan and billing details.")]
    [InlineData(500, "server_error", null, "The server had an error while processing your request.")]
    public async Task An_http_error_names_the_status_and_the_servers_message_type_and_code(int status, string type, string? code, string message)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        };
        await using var server = await ScriptedServer.StartAsync(new ScriptedReply(status, body.ToJsonString()));

        var outcome = await _harness.CallAsync(TargetHarness.OpenAi(server.BaseUrl), TargetHarness.Options());

        var expected = code is null ? $"HTTP {status}: {message} (type {type})" : $"HTTP {status}: {message} (type {type}, code {code})";
        Assert.Equal(expected, outcome.Error);
        Assert.Null(outcome.Response);
    }

    [Fact]
    public async Task An_http_error_whose_body_is_not_json_names_the_status_and_an_escaped_excerpt_of_the_body()
    {
        var page = "<html>\n<h1>502 Bad Gateway</h1>\u001b[31m" + new string('x', 400) + "</html>";
        await using var server = await ScriptedServer.StartAsync(new ScriptedReply(502, page));

        var outcome = await _harness.CallAsync(TargetHarness.OpenAi(server.BaseUrl), TargetHarness.Options());

        Assert.StartsWith("HTTP 502: <html>\\n<h1>502 Bad Gateway</h1>\\e[31mxxx", outcome.Error, StringComparison.Ordinal);
        Assert.EndsWith($"x… ({page.Length - 300} more characters)", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outcome.Error!);
        Assert.DoesNotContain('\u001b', outcome.Error!);
    }

    [Fact]
    public async Task An_answer_without_choices_is_an_error_never_a_pass()
    {
        await using var server = await ScriptedServer.StartAsync(new ScriptedReply(200, """{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}"""));

        var outcome = await _harness.CallAsync(TargetHarness.OpenAi(server.BaseUrl), TargetHarness.Options(retries: 2));

        Assert.Equal("the endpoint's answer is not a valid chat completion: HTTP 200 with an empty 'choices' list (a completion has at least one choice).", outcome.Error);
        Assert.Equal(1, outcome.Attempts);
    }

    [Fact]
    public async Task A_200_with_an_error_body_is_an_error_naming_the_servers_message()
    {
        await using var server = await ScriptedServer.StartAsync(new ScriptedReply(200,
            """{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""));

        var outcome = await _harness.CallAsync(TargetHarness.OpenAi(server.BaseUrl), TargetHarness.Options());

        Assert.Equal("the endpoint answered 200 with an error: You exceeded your current quota. (type insufficient_quota, code insufficient_quota)", outcome.Error);
    }

    [Theory]
    [InlineData("""["hello"]""", "HTTP 200 with something other than a JSON object: [\"hello\"]")]
    [InlineData("""{"id":"x","object":"chat.completion"}""", "HTTP 200 without a 'choices' list; check that base_url is the API's /v1 address.")]
    [InlineData("""{"id":"x","choices":[{"index":0,"message":{"role":"assistant","con""", "HTTP 200 with invalid JSON")]
    public async Task A_200_that_is_no_chat_completion_is_an_error_saying_why(string body, string why)
    {
        await using var server = await ScriptedServer.StartAsync(new ScriptedReply(200, body));

        var outcome = await _harness.CallAsync(TargetHarness.OpenAi(server.BaseUrl), TargetHarness.Options());

        Assert.StartsWith("the endpoint's answer is not a valid chat completion: " + why, outcome.Error, StringComparison.Ordinal);
        Assert.Null(outcome.Response);
    }
}
