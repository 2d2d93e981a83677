namespace ReleaseGate.Core.Decisions;

/// <summary>A settled human verdict that replaced a case's automated outcome in this decision.</summary>
/// <param name="Suite">The case's suite.</param>
/// <param name="Case">The case id.</param>
/// <param name="Automated">The automated outcome it replaced: <c>pass</c>, <c>fail</c> or <c>error</c>.</param>
/// <param name="Human">The human verdict: <c>pass</c> or <c>fail</c>.</param>
/// <param name="By">Who settled it.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
public sealed record AppliedOverride(string Suite, string Case, string Automated, string Human, string By, DateTimeOffset At, string Reason)
{
    /// <summary>The review whose settled item it is.</summary>
    public string? Review { get; init; }

    /// <summary>The severity a failing verdict raised the case to (<c>critical</c>, <c>high</c>, <c>medium</c>), when it raised it.</summary>
    public string? Severity { get; init; }
}
