using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Prompts;

namespace ReleaseGate.Runner.Suites;

/// <summary>A case ready to run: its definition and its compiled assertions.</summary>
/// <param name="Case">The case.</param>
/// <param name="Assertions">Its assertions, compiled.</param>
public sealed record PreparedCase(SuiteCase Case, CaseAssertions Assertions)
{
    /// <summary>The case's own conversation as templates, when it has one (<see cref="SuiteCase.Messages"/>).</summary>
    internal ConversationTemplate? Conversation { get; init; }
}
