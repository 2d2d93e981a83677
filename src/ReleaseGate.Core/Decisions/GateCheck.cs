using System.Text.Json.Nodes;

namespace ReleaseGate.Core.Decisions;

/// <summary>One requirement of the gate evaluated on the evidence.</summary>
public sealed record GateCheck
{
    /// <summary>The stable id, such as <c>evals/support-core/slice/refunds/no-regression</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The status.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>One sentence a person can act on.</summary>
    public required string Summary { get; init; }

    /// <summary>What was measured.</summary>
    public JsonObject Measured { get; init; } = [];

    /// <summary>The threshold it was held to.</summary>
    public JsonObject Threshold { get; init; } = [];

    /// <summary>Up to <see cref="GateEngine.MaxListedCases"/> case ids behind the finding, sorted.</summary>
    public IReadOnlyList<string> Cases { get; init; } = [];

    /// <summary>Whether the check concerns critical-severity failures, which waivers cannot excuse unless the gate allows it.</summary>
    public bool Critical { get; init; }

    /// <summary>The waiver that excused the failure, when <see cref="Status"/> is <see cref="CheckStatus.Waived"/>.</summary>
    public AppliedWaiver? Waiver { get; init; }
}
