using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;

namespace ReleaseGate.Runner.Suites;

/// <summary>A case ready to run: its definition and its compiled assertions.</summary>
/// <param name="Case">The case.</param>
/// <param name="Assertions">Its assertions, compiled.</param>
public sealed record PreparedCase(SuiteCase Case, CaseAssertions Assertions);
