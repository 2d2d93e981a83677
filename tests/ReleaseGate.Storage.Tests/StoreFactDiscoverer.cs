using Xunit.Abstractions;
using Xunit.Sdk;

namespace ReleaseGate.Storage.Tests;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests, skipping PostgreSQL ones when no PostgreSQL can be had outside CI.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var options = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsPostgres = testMethod.TestClass.Class.Name.Contains("Postgres", StringComparison.Ordinal);
        if (needsPostgres && PostgresServer.ConnectionString is null && !PostgresServer.OnCi)
        {
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, options, testMethod,
                $"no PostgreSQL: set {PostgresServer.EnvironmentVariable} or run eng/test.sh, which starts one (on CI this fails instead)")];
        }

        return [new XunitTestCase(diagnosticMessageSink, display, options, testMethod)];
    }
}
