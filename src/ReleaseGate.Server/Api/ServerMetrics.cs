using System.Diagnostics.Metrics;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>The server's own metrics (meter <see cref="ServerApp.MeterName"/>), exported at <c>/metrics</c> with ASP.NET Core's.</summary>
public sealed class ServerMetrics
{
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _evidenceLines;
    private readonly Counter<long> _approvals;
    private readonly Counter<long> _reviewVerdicts;
    private volatile IReadOnlyList<ReviewQueueStats> _queues = [];
    private DateTimeOffset _queuesAt;

    /// <summary>Creates the instruments on <paramref name="meters"/>.</summary>
    public ServerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ServerApp.MeterName);
        _decisions = meter.CreateCounter<long>("releasegate.decisions.changed", "{decision}", "Decisions recorded because a release's decision changed, by verdict.");
        _evidenceLines = meter.CreateCounter<long>("releasegate.evidence.lines", "{line}", "Result lines stored from evidence uploads.");
        _approvals = meter.CreateCounter<long>("releasegate.approvals", "{vote}", "Approvals and rejections recorded, by kind.");
        _reviewVerdicts = meter.CreateCounter<long>("releasegate.review.verdicts", "{verdict}", "Review verdicts recorded, by verdict and role (reviewer or adjudicator).");
        meter.CreateObservableGauge("releasegate.review.queue.depth", () => _queues.Select(q => new Measurement<long>(q.Depth, Group(q))),
            "{item}", "Review items awaiting a reviewer or an adjudicator in open releases, by group.");
        meter.CreateObservableGauge("releasegate.review.queue.oldest.age", () => _queues.Where(q => q.OldestCreatedAt is not null)
            .Select(q => new Measurement<double>((_queuesAt - q.OldestCreatedAt!.Value).TotalSeconds, Group(q))),
            "s", "How long the oldest waiting review item of each group has waited.");
    }

    /// <summary>Counts a recorded decision.</summary>
    public void DecisionChanged(string verdict) => _decisions.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    /// <summary>Counts stored result lines.</summary>
    public void EvidenceStored(long lines) => _evidenceLines.Add(lines);

    /// <summary>Counts a vote.</summary>
    public void Vote(bool approve) => _approvals.Add(1, new KeyValuePair<string, object?>("kind", approve ? "approve" : "reject"));

    /// <summary>Counts a review verdict.</summary>
    public void ReviewVerdict(bool pass, bool adjudication) => _reviewVerdicts.Add(1,
        new KeyValuePair<string, object?>("verdict", pass ? "pass" : "fail"), new KeyValuePair<string, object?>("role", adjudication ? "adjudicator" : "reviewer"));

    /// <summary>Keeps the queue figures the gauges report, as read from the store at <paramref name="at"/>.</summary>
    public void ReviewQueues(IReadOnlyList<ReviewQueueStats> queues, DateTimeOffset at)
    {
        _queuesAt = at;
        _queues = queues;
    }

    private static KeyValuePair<string, object?> Group(ReviewQueueStats q) => new("group", q.Group);
}
