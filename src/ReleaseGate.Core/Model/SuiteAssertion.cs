using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>One assertion of a case, in the <c>{type, value, threshold, weight}</c> form promptfoo users write.</summary>
/// <param name="Type">The assertion type, such as <c>contains</c> or <c>not-regex</c>.</param>
/// <param name="Value">The expected value, whose shape depends on the type.</param>
/// <param name="Threshold">The score threshold, for scored assertions.</param>
/// <param name="Weight">The weight in the case score.</param>
public sealed record SuiteAssertion(string Type, JsonNode? Value, double? Threshold, double Weight)
{
    /// <summary>Where the assertion is written; the default location when it was built in code.</summary>
    public SourceLocation Location { get; init; }
}
