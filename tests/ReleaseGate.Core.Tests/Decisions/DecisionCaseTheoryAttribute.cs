using Xunit;
using Xunit.Sdk;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>
/// A <see cref="TheoryAttribute"/> whose data rows are <see cref="DecisionCaseRef"/>s: each row becomes one test named
/// after the case, and a row whose case says <c>skip</c> is reported as skipped with that reason. Plain
/// <c>[Theory]</c> can only skip all rows of a data source with one fixed reason.
/// </summary>
[XunitTestCaseDiscoverer("ReleaseGate.Core.Tests.Decisions.DecisionCaseDiscoverer", "ReleaseGate.Core.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DecisionCaseTheoryAttribute : TheoryAttribute;
