using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>One case of an eval suite.</summary>
public sealed record SuiteCase
{
    /// <summary>The case id, unique within the suite.</summary>
    public required string Id { get; init; }

    /// <summary>Template variables.</summary>
    public JsonObject Vars { get; init; } = [];

    /// <summary>Slice tags.</summary>
    public IReadOnlyList<string> Slices { get; init; } = [];

    /// <summary>The severity of a failure of this case.</summary>
    public Severity Severity { get; init; } = Severity.Medium;

    /// <summary>The assertions, in order.</summary>
    public IReadOnlyList<SuiteAssertion> Assertions { get; init; } = [];

    /// <summary>Where the case is written.</summary>
    public SourceLocation Location { get; init; }
}
