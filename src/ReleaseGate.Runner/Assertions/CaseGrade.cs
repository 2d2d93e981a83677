namespace ReleaseGate.Runner.Assertions;

/// <summary>The grade of one response against all assertions of its case.</summary>
/// <param name="Pass">
/// Whether the case passed: every assertion passed and, when the case has a threshold, the weighted score reached it.
/// </param>
/// <param name="Score">The weighted mean of the assertions' scores (1 for a case without assertions).</param>
/// <param name="Assertions">Each assertion's outcome, in the order the suite lists them.</param>
public sealed record CaseGrade(bool Pass, double Score, IReadOnlyList<AssertionOutcome> Assertions);
