namespace ReleaseGate.Core.Model;

/// <summary>A parsed <c>kind: PolicyTests</c> file.</summary>
/// <param name="File">The file, as given.</param>
/// <param name="Gate">The gate whose policies are tested, relative to the file.</param>
/// <param name="Tests">The tests, in the order written.</param>
public sealed record PolicyTestFile(string File, string Gate, IReadOnlyList<PolicyTest> Tests);
