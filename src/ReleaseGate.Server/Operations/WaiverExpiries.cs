using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Operations;

/// <summary>
/// Re-decides, at a waiver's expiry, each open release whose current decision counted that waiver, so that the decision changes
/// when the waiver lapses rather than at the release's next event.
/// </summary>
/// <remarks>
/// The first sweep after a start looks at every waiver that has expired (what lapsed while no instance ran is caught up once);
/// later sweeps look only at waivers that expired since the previous one.
/// </remarks>
/// <threadsafety>Thread-safe; sweeps are expected one at a time (the scheduler's).</threadsafety>
public sealed partial class WaiverExpiries(IGateStore store, ReleaseLifecycle lifecycle, OperationsMetrics metrics, ILogger<WaiverExpiries> logger)
{
    private DateTimeOffset _checkedUpTo = DateTimeOffset.MinValue;

    /// <summary>Re-decides the open releases whose decision counted a waiver that has expired since the last sweep.</summary>
    /// <returns>How many releases were decided again.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = lifecycle.Now;
        var from = _checkedUpTo;
        var redecided = 0;
        foreach (var workflow in await store.ListWorkflowsAsync(cancellationToken))
        {
            var lapsed = (await store.ListWaiversAsync(workflow.Name, cancellationToken: cancellationToken))
                .Where(w => w.Expires > from && w.Expires <= now).ToDictionary(w => w.Id);
            if (lapsed.Count == 0)
            {
                continue;
            }

            foreach (var state in new[] { ReleaseState.Pending, ReleaseState.Blocked, ReleaseState.Approved })
            {
                foreach (var release in await store.ListReleasesAsync(workflow.Name, state, int.MaxValue, cancellationToken))
                {
                    if (await store.GetLatestDecisionAsync(release.Id, cancellationToken) is not { } latest
                        || Counted(latest.DecisionJson) is not { } counted)
                    {
                        continue;
                    }

                    // Only a decision taken before the expiry still counts the waiver; one taken after has already dropped it.
                    var expired = counted.Select(id => lapsed.GetValueOrDefault(id)).OfType<WaiverRecord>().Where(w => w.Expires > latest.CreatedAt).ToList();
                    if (expired.Count == 0)
                    {
                        continue;
                    }

                    var reason = expired.Count == 1
                        ? $"waiver {expired[0].Id} of '{expired[0].Check}' expired at {EscalationSweep.Time(expired[0].Expires)}"
                        : $"waivers {string.Join(", ", expired.Select(w => w.Id.ToString(CultureInfo.InvariantCulture)))} expired";
                    try
                    {
                        if (await RedecideAsync(release.Id, reason, cancellationToken))
                        {
                            redecided++;
                        }
                    }
                    catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or GateStoreException)
                    {
                        // One release that cannot be decided again does not hold back the others' expiries.
                        LogFailed(logger, release.Workflow, release.Version, e);
                        metrics.SchedulerFailure("waiver expiries");
                    }
                }
            }
        }

        _checkedUpTo = now;
        return redecided;
    }

    private Task<bool> RedecideAsync(long releaseId, string reason, CancellationToken cancellationToken) =>
        StoreWrites.RunAsync(store, async tx =>
        {
            if (await tx.LockReleaseAsync(releaseId, cancellationToken) is not { } release
                || release.State is not (ReleaseState.Pending or ReleaseState.Blocked or ReleaseState.Approved))
            {
                return (false, false);
            }

            await lifecycle.RecordAsync(tx, release, ComplianceRuns.SchedulerActor, reason, cancellationToken);
            return (true, true);
        }, cancellationToken);

    /// <summary>The waiver ids a recorded decision counted, or null when it does not record its inputs.</summary>
    private static List<long>? Counted(string decisionJson) =>
        (JsonNode.Parse(decisionJson)?["inputs"]?["waivers"] as JsonArray)?.Select(n => n!.GetValue<long>()).ToList();

    [LoggerMessage(Level = LogLevel.Error, Message = "re-deciding release {Version} of {Workflow} after a waiver expired failed")]
    private static partial void LogFailed(ILogger logger, string workflow, string version, Exception exception);
}
