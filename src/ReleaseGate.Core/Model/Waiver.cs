using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>A time-boxed, justified exception to failing checks.</summary>
public sealed record Waiver
{
    /// <summary>A check id, or a pattern over ids: <c>*</c> matches within one path segment, <c>**</c> across segments.</summary>
    public required string Check { get; init; }

    /// <summary>The release it applies to: a version, or a digest <c>sha256:hex</c>.</summary>
    public required string Release { get; init; }

    /// <summary>Why the exception is justified.</summary>
    public required string Reason { get; init; }

    /// <summary>Who granted it.</summary>
    public required string GrantedBy { get; init; }

    /// <summary>When it was granted, if recorded; lets the gate's <c>waivers.max_duration</c> be enforced.</summary>
    public DateTimeOffset? GrantedAt { get; init; }

    /// <summary>When it stops applying.</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>Where it is written.</summary>
    public SourceLocation Location { get; init; }
}
