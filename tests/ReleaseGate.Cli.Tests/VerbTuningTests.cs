using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>Which verbs keep the runtime's defaults: the servers, and only them.</summary>
public class VerbTuningTests
{
    [Theory]
    [InlineData(new[] { "serve", "--db", "x.db" }, true)]
    [InlineData(new[] { "mock-model", "--port", "0" }, true)]
    [InlineData(new[] { "check", "--gate", "serve" }, false)]
    [InlineData(new[] { "eval", "run", "--suite", "s.yaml" }, false)]
    [InlineData(new[] { "audit", "verify" }, false)]
    [InlineData(new[] { "db", "ingest" }, false)]
    [InlineData(new string[0], false)]
    public void Only_the_servers_keep_the_runtime_defaults(string[] args, bool server) =>
        Assert.Equal(server, VerbTuning.IsServer(args));
}
