using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Policies;

/// <summary>The outcome of running a policy test file.</summary>
/// <param name="Passed">Expectations that held.</param>
/// <param name="Failures">Expectations that did not hold.</param>
/// <param name="Uncovered">Policies and approval conditions that no test names.</param>
/// <param name="Errors">Input errors (an expectation naming no rule of the gate).</param>
public sealed record PolicyTestReport(int Passed, IReadOnlyList<PolicyTestFailure> Failures, IReadOnlyList<string> Uncovered, IReadOnlyList<GateError> Errors);
