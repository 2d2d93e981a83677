using System.Text.Json.Nodes;

namespace ReleaseGate.Core.Model;

/// <summary>The <c>defaults</c> of a suite, applied to every case, inline or from a case file.</summary>
/// <param name="Severity">The severity of cases that do not give one.</param>
/// <param name="Slices">The slices of cases that do not give any.</param>
/// <param name="Vars">Variables every case gets unless it sets them itself.</param>
/// <param name="Assertions">Assertions run before each case's own.</param>
public sealed record SuiteDefaults(Severity Severity, IReadOnlyList<string> Slices, JsonObject Vars, IReadOnlyList<SuiteAssertion> Assertions)
{
    /// <summary>No defaults: medium severity, no slices, no variables, no assertions.</summary>
    public static SuiteDefaults None { get; } = new(Severity.Medium, [], [], []);
}
