namespace ReleaseGate.Core.Model;

/// <summary>Who may grant waivers, for how long, and whether critical failures can be waived.</summary>
public sealed record WaiverRules
{
    /// <summary>The group allowed to grant waivers.</summary>
    public string? Group { get; init; }

    /// <summary>The longest time a waiver may run, from its grant to its expiry.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Whether checks about critical-severity failures can be waived.</summary>
    public bool AllowCritical { get; init; }
}
