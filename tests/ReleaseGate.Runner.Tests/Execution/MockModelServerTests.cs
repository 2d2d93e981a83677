using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.MockModel;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>The mock model's paths, counts and error bodies, over HTTP; and its latency, counted from the request's arrival.</summary>
public sealed class MockModelServerTests
{
    internal const string Chat = """{"model":"m","messages":[{"role":"user","content":"hello"}]}""";

    [Fact]
    public async Task Answers_lists_models_counts_requests_and_rejects_unknown_paths_and_bad_json()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        var answer = await http.PostAsync("/v1/chat/completions", new StringContent(Chat, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("hello", (string)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]!);

        // The path without /v1, as some clients call it.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/chat/completions", new StringContent(Chat, Encoding.UTF8, "application/json"))).StatusCode);

        var models = JsonNode.Parse(await http.GetStringAsync("/v1/models"))!;
        Assert.Equal("list", (string)models["object"]!);
        Assert.All(models["data"]!.AsArray(), m => Assert.Equal("model", (string)m!["object"]!));

        var bad = await http.PostAsync("/v1/chat/completions", new StringContent("{\"messages\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("invalid_request_error", (string)error["code"]!);
        Assert.StartsWith("the request body is not valid JSON", (string)error["message"]!, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v2/anything")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.GetAsync("/v1/chat/completions")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/v1/models", new StringContent(""))).StatusCode);

        var stats = JsonNode.Parse(await http.GetStringAsync("/mock/stats"))!;
        Assert.Equal(2, (long)stats["requests"]!);
        Assert.Equal(2, (long)stats["answered"]!);
        Assert.Equal(0, (long)stats["server_errors"]!);
    }

    [Fact]
    public async Task An_injected_rate_limit_says_when_to_retry()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Faults = new FaultRates(RateLimited: 1, ServerError: 0, Timeout: 0, Malformed: 0) });
        using var http = new HttpClient();
        var response = await http.PostAsync($"http://127.0.0.1:{server.Port}/v1/chat/completions", new StringContent(Chat, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("200", response.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("rate_limit_exceeded", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!);
    }

    [Fact]
    public async Task The_latency_is_never_shorter_than_asked()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Latency = TimeSpan.FromMilliseconds(40) });
        using var http = new HttpClient();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await http.PostAsync($"http://127.0.0.1:{server.Port}/v1/chat/completions", new StringContent(Chat, Encoding.UTF8, "application/json"));
            await response.Content.ReadAsStringAsync();
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(40), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
        }
    }
}
