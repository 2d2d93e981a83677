using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>
/// A rule a shipped release must keep satisfying after it shipped. When the rule is false (or cannot be evaluated) the
/// release has a finding of <see cref="Severity"/>, owned by <see cref="Owner"/>.
/// </summary>
public sealed record CompliancePolicy
{
    /// <summary>The policy id, unique within the gate's <c>compliance</c> section.</summary>
    public required string Id { get; init; }

    /// <summary>A CEL expression over the compliance document (<see cref="Compliance.ComplianceInput"/>); true means compliant.</summary>
    public required string Rule { get; init; }

    /// <summary>How bad a violation is.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The group that owns findings of this policy.</summary>
    public required string Owner { get; init; }

    /// <summary>What a violation means, in words; null for a message naming the rule.</summary>
    public string? Message { get; init; }

    /// <summary>Where the policy is written.</summary>
    public SourceLocation Location { get; init; }
}
