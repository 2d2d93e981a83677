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
    private readonly Counter<long> _webhookDeliveries;
    private readonly IGateStore _store;
    private readonly Lock _queuesLock = new();
    private (IReadOnlyList<ReviewQueueStats> Queues, DateTimeOffset At) _queues = ([], DateTimeOffset.MinValue);
    private readonly Lock _outboxLock = new();
    private (IReadOnlyDictionary<DeliveryState, long> Counts, DateTimeOffset At) _outbox = (new Dictionary<DeliveryState, long>(), DateTimeOffset.MinValue);

    /// <summary>Creates the instruments on <paramref name="meters"/>; the review queue gauges read <paramref name="store"/>.</summary>
    public ServerMetrics(IMeterFactory meters, IGateStore store)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        var meter = meters.Create(ServerApp.MeterName);
        _decisions = meter.CreateCounter<long>("releasegate.decisions.changed", "{decision}", "Decisions recorded because a release's decision changed, by verdict.");
        _evidenceLines = meter.CreateCounter<long>("releasegate.evidence.lines", "{line}", "Result lines stored from evidence uploads.");
        _approvals = meter.CreateCounter<long>("releasegate.approvals", "{vote}", "Approvals and rejections recorded, by kind.");
        _reviewVerdicts = meter.CreateCounter<long>("releasegate.review.verdicts", "{verdict}", "Review verdicts recorded, by verdict and role (reviewer or adjudicator).");
        _webhookDeliveries = meter.CreateCounter<long>("releasegate.webhooks.deliveries", "{attempt}", "Webhook delivery attempts, by outcome: delivered, retry (failed, tried again later) or dead (failed for the last time).");
        meter.CreateObservableGauge("releasegate.webhooks.outbox", () => Outbox().Where(c => c.Key != DeliveryState.Delivered)
            .Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", c.Key == DeliveryState.Dead ? "dead" : "pending"))),
            "{delivery}", "Webhook deliveries waiting to be sent (pending) and dead letters (dead).");
        meter.CreateObservableGauge("releasegate.review.queue.depth", () => Queues().Queues.Select(q => new Measurement<long>(q.Depth, Group(q))),
            "{item}", "Review items awaiting a reviewer or an adjudicator in open releases, by group.");
        meter.CreateObservableGauge("releasegate.review.queue.oldest.age", () =>
        {
            var (queues, at) = Queues();
            return queues.Where(q => q.OldestCreatedAt is not null).Select(q => new Measurement<double>((at - q.OldestCreatedAt!.Value).TotalSeconds, Group(q)));
        }, "s", "How long the oldest waiting review item of each group has waited.");
    }

    /// <summary>Counts a recorded decision.</summary>
    public void DecisionChanged(string verdict) => _decisions.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    /// <summary>Counts stored result lines.</summary>
    public void EvidenceStored(long lines) => _evidenceLines.Add(lines);

    /// <summary>Counts a webhook delivery attempt by <paramref name="outcome"/>: delivered, retry or dead.</summary>
    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts a vote.</summary>
    public void Vote(bool approve) => _approvals.Add(1, new KeyValuePair<string, object?>("kind", approve ? "approve" : "reject"));

    /// <summary>Counts a review verdict.</summary>
    public void ReviewVerdict(bool pass, bool adjudication) => _reviewVerdicts.Add(1,
        new KeyValuePair<string, object?>("verdict", pass ? "pass" : "fail"), new KeyValuePair<string, object?>("role", adjudication ? "adjudicator" : "reviewer"));

    /// <summary>
    /// The queues as the store counts them, read when a scrape asks and kept for a second, so that the two gauges of one scrape
    /// (and scrapes close together) share one query. A store that does not answer leaves the last figures.
    /// </summary>
    private (IReadOnlyList<ReviewQueueStats> Queues, DateTimeOffset At) Queues()
    {
        lock (_queuesLock)
        {
            var now = _store.Clock.GetUtcNow();
            if (now - _queues.At >= TimeSpan.FromSeconds(1))
            {
                try
                {
                    // A scrape's callbacks are synchronous; the query is one indexed aggregate.
                    _queues = (_store.ReviewQueueStatsAsync().GetAwaiter().GetResult(), now);
                }
                catch (GateStoreException)
                {
                    _queues = (_queues.Queues, now);
                }
            }

            return _queues;
        }
    }

    /// <summary>The outbox counts, read when a scrape asks and kept for a second, like <see cref="Queues"/>.</summary>
    private IReadOnlyDictionary<DeliveryState, long> Outbox()
    {
        lock (_outboxLock)
        {
            var now = _store.Clock.GetUtcNow();
            if (now - _outbox.At >= TimeSpan.FromSeconds(1))
            {
                try
                {
                    _outbox = (_store.CountDeliveriesAsync().GetAwaiter().GetResult(), now);
                }
                catch (GateStoreException)
                {
                    _outbox = (_outbox.Counts, now);
                }
            }

            return _outbox.Counts;
        }
    }

    private static KeyValuePair<string, object?> Group(ReviewQueueStats q) => new("group", q.Group);
}
