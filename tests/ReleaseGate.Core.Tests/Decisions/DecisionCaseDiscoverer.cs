using Xunit.Abstractions;
using Xunit.Sdk;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>Discovers <see cref="DecisionCaseTheoryAttribute"/> theories: one <see cref="DecisionTestCase"/> per data row.</summary>
public sealed class DecisionCaseDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        [new DecisionTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, dataRow)];
}
