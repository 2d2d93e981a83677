using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Execution;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary>Calls one target through the runner's caller (timeouts, retries, latency), as <c>eval run</c> does.</summary>
internal sealed class TargetHarness : IDisposable
{
    private readonly TargetFactory _factory = new(4);

    public static RunOptions Options(TimeSpan? timeout = null, int retries = 0) => new()
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        MaxRetries = retries,
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromSeconds(10),
    };

    public static TargetDefinition OpenAi(Uri url, string parameters = "{}", TimeSpan? timeout = null) => new()
    {
        Id = "t", Kind = TargetKind.OpenAi, Url = url, Model = "m", Timeout = timeout,
        Parameters = (JsonObject)JsonNode.Parse(parameters)!,
    };

    public static TargetRequest Request(string user = "hello") => new("s", "c", 0, null, user, []);

    public TargetCaller Caller(TargetDefinition definition, RunOptions options)
    {
        var errors = new List<GateError>();
        var target = _factory.Create(definition, options.Timeout, _ => null, errors);
        Assert.Empty(errors);
        return new TargetCaller(target!, options, TimeProvider.System, null);
    }

    public Task<CallOutcome> CallAsync(TargetDefinition definition, RunOptions options, TargetRequest? request = null) =>
        Caller(definition, options).CallAsync(request ?? Request(), CancellationToken.None);

    public void Dispose() => _factory.Dispose();
}
