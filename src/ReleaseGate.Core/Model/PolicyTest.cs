using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>One policy test: an input document and what each named rule must give on it.</summary>
public sealed record PolicyTest
{
    /// <summary>What the test shows, in words.</summary>
    public required string Name { get; init; }

    /// <summary>The input, laid over a sample document that has every field, so a test gives only what matters.</summary>
    public JsonObject Input { get; init; } = [];

    /// <summary>Expected outcomes by target: a policy id, or <c>approvals/&lt;stage&gt;</c> for a stage's <c>when</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, PolicyExpectation>> Expect { get; init; } = [];

    /// <summary>Where the test is written.</summary>
    public SourceLocation Location { get; init; }
}
