using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>
/// The gate's <c>compliance</c> section: policies that shipped releases are re-evaluated against on a schedule, and the
/// severities of unresolved findings that block new releases of the workflow.
/// </summary>
public sealed record ComplianceRules
{
    /// <summary>The cron expression as written (5 fields, or 6 with seconds first); <see cref="Compliance.CronSchedule.Parse"/> reads it.</summary>
    public required string Schedule { get; init; }

    /// <summary>The IANA time zone the schedule is read in.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Which shipped releases are evaluated.</summary>
    public ComplianceScope Releases { get; init; } = ComplianceScope.Latest;

    /// <summary>Severities whose unresolved findings block new releases of the workflow; empty when findings never block.</summary>
    public IReadOnlyList<Severity> Block { get; init; } = [];

    /// <summary>The policies, at least one.</summary>
    public IReadOnlyList<CompliancePolicy> Policies { get; init; } = [];

    /// <summary>Where the section is written.</summary>
    public SourceLocation Location { get; init; }
}
