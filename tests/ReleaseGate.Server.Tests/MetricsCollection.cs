namespace ReleaseGate.Server.Tests;

/// <summary>
/// Tests that read a server's metric values run alone. Every server in the test process names its meter the same, and each
/// server's exporter listens to meters by name, so an instrument another server created first (and may dispose while this
/// test runs) can stand in for this server's own: values would come and go with other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "metrics";
}
