using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Policies;

/// <summary>A policy test expectation that did not hold.</summary>
/// <param name="Test">The test's name.</param>
/// <param name="Target">The policy id, or <c>approvals/&lt;stage&gt;</c>.</param>
/// <param name="Expected">What the test expected.</param>
/// <param name="Actual">What the rule gave, in words (with the error, if any).</param>
/// <param name="Location">Where the test is written.</param>
public sealed record PolicyTestFailure(string Test, string Target, PolicyExpectation Expected, string Actual, SourceLocation Location);
