using Xunit.Abstractions;
using Xunit.Sdk;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>One decision case as an xunit test: named after the case, skipped when the case says so.</summary>
public sealed class DecisionTestCase : XunitTestCase
{
    /// <summary>For the xunit deserializer only.</summary>
    [Obsolete("Called by the deserializer; use the other constructor.")]
    public DecisionTestCase()
    {
    }

    public DecisionTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, object[] testMethodArguments)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    private DecisionCaseRef? Case => TestMethodArguments is [DecisionCaseRef c, ..] ? c : null;

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        Case?.DisplayName ?? base.GetDisplayName(factAttribute, displayName);

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        Case is { Skip.Length: > 0 } c ? c.Skip : base.GetSkipReason(factAttribute);
}
