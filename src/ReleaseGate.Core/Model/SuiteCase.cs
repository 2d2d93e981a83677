using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>One case of an eval suite.</summary>
public sealed record SuiteCase
{
    /// <summary>The case id, unique within the suite.</summary>
    public required string Id { get; init; }

    /// <summary>What the case is about; none when the file does not say.</summary>
    public string? Description { get; init; }

    /// <summary>Template variables.</summary>
    public JsonObject Vars { get; init; } = [];

    /// <summary>Slice tags.</summary>
    public IReadOnlyList<string> Slices { get; init; } = [];

    /// <summary>The severity of a failure of this case.</summary>
    public Severity Severity { get; init; } = Severity.Medium;

    /// <summary>The assertions, in order.</summary>
    public IReadOnlyList<SuiteAssertion> Assertions { get; init; } = [];

    /// <summary>
    /// The case's own conversation, sent instead of the suite's prompts (a multi-turn case, or a production trace);
    /// none for a case of the suite's prompts.
    /// </summary>
    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    /// <summary>The case's regression-bank lifecycle and provenance (its <c>bank:</c> key); none outside a bank.</summary>
    public BankCaseInfo? Bank { get; init; }

    /// <summary>Where the case is written.</summary>
    public SourceLocation Location { get; init; }
}
