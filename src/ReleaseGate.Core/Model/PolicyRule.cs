using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>A policy: a CEL rule over the release and its evidence.</summary>
public sealed record PolicyRule
{
    /// <summary>The policy id; its check is <c>policies/&lt;id&gt;</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The CEL expression; it must evaluate to <see langword="true"/> for the policy to hold.</summary>
    public required string Rule { get; init; }

    /// <summary>What a violation does.</summary>
    public PolicyEffect Effect { get; init; } = PolicyEffect.Block;

    /// <summary>The sentence shown when the policy is violated.</summary>
    public string? Message { get; init; }

    /// <summary>Where the rule is written.</summary>
    public SourceLocation Location { get; init; }
}
