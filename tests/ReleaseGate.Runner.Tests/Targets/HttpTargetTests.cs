using System.Text.Json.Nodes;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary>The http target against a scripted server: what it reads from an answer, and what a failure says.</summary>
public sealed class HttpTargetTests : IDisposable
{
    private readonly TargetHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static TargetDefinition Http(Uri url, string output = "/answer") => new()
    {
        Id = "h", Kind = TargetKind.Http, Url = new Uri(url, "/answer"), OutputPointer = output,
        Body = new JsonObject { ["q"] = "{{prompt}}" },
    };

    [Fact]
    public async Task An_http_error_names_the_status_and_the_servers_message()
    {
        await using var server = await ScriptedServer.StartAsync(new ScriptedReply(503, """{"error":{"message":"The engine is overloaded.","type":"overloaded"}}"""));

        var outcome = await _harness.CallAsync(Http(server.BaseUrl), TargetHarness.Options());

        Assert.Equal("HTTP 503: The engine is overloaded. (type overloaded)", outcome.Error);
    }

    [Theory]
    [InlineData("""{"answer": null}""", "/answer")]
    [InlineData("""{"answer": {"text": null}}""", "/answer/text")]
    [InlineData("null", "")]
    public async Task A_pointer_that_finds_json_null_is_an_error_naming_the_pointer(string answer, string pointer)
    {
        await using var server = await ScriptedServer.StartAsync(new ScriptedReply(200, answer));

        var outcome = await _harness.CallAsync(Http(server.BaseUrl, pointer), TargetHarness.Options(retries: 2));

        Assert.Equal($"the answer's value at the output pointer '{pointer}' is null, not an output; point 'output' at the answer's text.", outcome.Error);
        Assert.Equal(1, outcome.Attempts);
    }

    [Fact]
    public async Task A_pointer_that_finds_a_string_or_other_json_reads_it()
    {
        await using var server = await ScriptedServer.StartAsync(
            new ScriptedReply(200, """{"answer": "Refunded."}"""), new ScriptedReply(200, """{"answer": {"n": 1}}"""));

        var text = await _harness.CallAsync(Http(server.BaseUrl), TargetHarness.Options());
        var json = await _harness.CallAsync(Http(server.BaseUrl), TargetHarness.Options());

        Assert.Equal("Refunded.", text.Response!.Output);
        Assert.Equal("""{"n":1}""", json.Response!.Output);
        Assert.Equal("""{"q":"hello"}""", server.Requests[0].Body);
    }
}
