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
}
