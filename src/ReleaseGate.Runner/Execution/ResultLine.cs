using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;

namespace ReleaseGate.Runner.Execution;

/// <summary>One execution's result, as it is written to the results JSONL (docs/formats.md, "Results").</summary>
/// <param name="Suite">The suite name.</param>
/// <param name="Case">The case id.</param>
/// <param name="Repeat">The repeat index.</param>
/// <param name="Side"><c>candidate</c> or <c>baseline</c>.</param>
/// <param name="TargetId">The target's id.</param>
/// <param name="Slices">The case's slices.</param>
/// <param name="Severity">The case's severity.</param>
/// <param name="Outcome">The call's outcome.</param>
/// <param name="Grade">The grade, when the call succeeded and grading did too.</param>
/// <param name="Error">Why the execution errored (the call or the grading), or null.</param>
public sealed record ResultLine(
    string Suite, string Case, int Repeat, string Side, string TargetId, IReadOnlyList<string> Slices, Severity Severity,
    CallOutcome Outcome, CaseGrade? Grade, string? Error);
