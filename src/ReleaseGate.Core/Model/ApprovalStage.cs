using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>An approval stage: who must sign off, how many distinct people, and when the stage applies.</summary>
public sealed record ApprovalStage
{
    /// <summary>The stage name; its check is <c>approvals/&lt;stage&gt;</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>The approving group.</summary>
    public required string Group { get; init; }

    /// <summary>How many distinct people of the group must approve.</summary>
    public int Count { get; init; } = 1;

    /// <summary>A CEL condition; the stage applies only when it holds. Null means always.</summary>
    public string? When { get; init; }

    /// <summary>The escalation, if any.</summary>
    public Escalation? Escalate { get; init; }

    /// <summary>Where the stage is written.</summary>
    public SourceLocation Location { get; init; }
}
