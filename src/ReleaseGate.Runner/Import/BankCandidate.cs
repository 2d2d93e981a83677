using ReleaseGate.Core.Model;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// A case an importer proposes for the regression bank, before it is added: the case as it would be replayed, what went
/// wrong originally, and where it was found.
/// </summary>
/// <param name="Case">The case: its id, variables or conversation, assertions, and description when the source has one.</param>
/// <param name="OriginalOutput">The output that was recorded (untrusted text), when the source has it.</param>
/// <param name="Reference">Where in the source it was found: the file name and the trace's or result's index or id.</param>
/// <param name="Warnings">What the import could not carry over or wants checked, in sentences; empty when nothing.</param>
public sealed record BankCandidate(SuiteCase Case, string? OriginalOutput, string Reference, IReadOnlyList<string> Warnings)
{
    /// <summary>The tools the original request declared (a trace's <c>tools</c>), by name; empty when none.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];
}
