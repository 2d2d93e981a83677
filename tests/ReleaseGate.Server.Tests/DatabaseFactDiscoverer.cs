using Xunit.Abstractions;
using Xunit.Sdk;

namespace ReleaseGate.Server.Tests;

/// <summary>Discovers <see cref="DatabaseFactAttribute"/> tests, skipping PostgreSQL ones when no PostgreSQL can be had outside CI.</summary>
public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var options = discoveryOptions.MethodDisplayOptionsOrDefault();
        if (testMethod.TestClass.Class.Name.Contains("Postgres", StringComparison.Ordinal) && ServerDatabase.Postgres is null && !ServerDatabase.OnCi)
        {
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, options, testMethod,
                $"no PostgreSQL: set {ServerDatabase.Variable} or run eng/test.sh, which starts one (on CI this fails instead)")];
        }

        return [new XunitTestCase(diagnosticMessageSink, display, options, testMethod)];
    }
}
