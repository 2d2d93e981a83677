using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Reads the review queues' depth and age from the store every few seconds for the metrics: a scrape reads the last figures
/// and never waits on the database.
/// </summary>
internal sealed class ReviewQueueMonitor(IGateStore store, ServerMetrics metrics, ILogger<ReviewQueueMonitor> log) : BackgroundService
{
    /// <summary>How often the queues are read.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, store.Clock);
        do
        {
            try
            {
                metrics.ReviewQueues(await store.ReviewQueueStatsAsync(stoppingToken), store.Clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The gauges keep their last figures; the health check reports a store that does not answer.
                log.LogWarning(e, "reading the review queues for the metrics failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
