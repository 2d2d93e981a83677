using System.Diagnostics.Metrics;

namespace ReleaseGate.Server.Operations;

/// <summary>The scheduler's metrics: compliance runs and findings, escalations, the lease and failures.</summary>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class OperationsMetrics
{
    private readonly Counter<long> _runs;
    private readonly Counter<long> _findings;
    private readonly Counter<long> _escalations;
    private readonly Counter<long> _failures;
    private int _holding;

    /// <summary>Creates the instruments on the server's meter.</summary>
    public OperationsMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ServerApp.MeterName);
        _runs = meter.CreateCounter<long>("releasegate.compliance.runs", "{run}", "Compliance runs recorded, by trigger (schedule or manual).");
        _findings = meter.CreateCounter<long>("releasegate.compliance.findings", "{finding}", "Compliance findings opened and resolved by runs, by change.");
        _escalations = meter.CreateCounter<long>("releasegate.escalations", "{escalation}", "Escalations recorded, by kind (stage or review_item).");
        _failures = meter.CreateCounter<long>("releasegate.scheduler.failures", "{failure}", "Scheduler work that failed and will be tried again at the next tick, by kind of work.");
        meter.CreateObservableGauge("releasegate.scheduler.lease.held", () => Volatile.Read(ref _holding), "{lease}", "1 while this instance holds the scheduler lease (and runs the schedule), else 0.");
    }

    /// <summary>Counts a recorded compliance run and the findings it opened and resolved.</summary>
    public void ComplianceRun(string trigger, int opened, int resolved)
    {
        _runs.Add(1, new KeyValuePair<string, object?>("trigger", trigger));
        _findings.Add(opened, new KeyValuePair<string, object?>("change", "opened"));
        _findings.Add(resolved, new KeyValuePair<string, object?>("change", "resolved"));
    }

    /// <summary>Counts a recorded escalation.</summary>
    public void Escalated(string kind) => _escalations.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Records whether this instance holds the scheduler lease.</summary>
    public void SchedulerLease(bool holding) => Volatile.Write(ref _holding, holding ? 1 : 0);

    /// <summary>Counts a failed piece of scheduler work.</summary>
    public void SchedulerFailure(string what) => _failures.Add(1, new KeyValuePair<string, object?>("work", what));
}
