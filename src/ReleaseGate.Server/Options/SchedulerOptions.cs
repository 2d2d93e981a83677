namespace ReleaseGate.Server.Options;

/// <summary>
/// The background scheduler (section <c>ReleaseGate:Scheduler</c>): scheduled compliance runs, escalations and waiver expiries,
/// run by whichever instance holds the scheduler lease.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>Whether this instance takes part in running the schedule; an instance that does not still serves the API.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the lease holder looks for due work; expiries and escalations happen within this of their time.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a lease lasts unless renewed: another instance takes over this long after the holder stops.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This instance's name in leases and run records; the host name and process id when unset.</summary>
    public string? Instance { get; set; }
}
