using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Notifications;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Operations;

/// <summary>
/// Escalation: an approval stage that has waited longer than its <c>escalate.after</c>, or a review item left unsettled that
/// long, is escalated to <c>escalate.to</c>, whose members may then decide it; with <c>every</c>, again at each interval.
/// Each escalation is a stored record with a ledger entry and a notification, and an escalated stage re-decides its release, so
/// that the decision says it was escalated, when and why.
/// </summary>
/// <remarks>
/// A level is recorded once (the store refuses a second record of the same release, target and level); after downtime only
/// the level due now is recorded, not every level that was missed.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed partial class EscalationSweep(IGateStore store, ReleaseLifecycle lifecycle, OperationsMetrics metrics, ILogger<EscalationSweep> logger)
{
    /// <summary>The kind word of an approval stage's escalation.</summary>
    public const string StageKind = "stage";

    /// <summary>The kind word of a review item's escalation.</summary>
    public const string ReviewItemKind = "review_item";

    /// <summary>Escalates every stage and review item that is due, workflow by workflow.</summary>
    /// <returns>The escalations recorded by this call.</returns>
    public async Task<IReadOnlyList<EscalationRecord>> SweepAsync(CancellationToken cancellationToken)
    {
        var recorded = new List<EscalationRecord>();
        foreach (var workflow in await store.ListWorkflowsAsync(cancellationToken))
        {
            if (workflow.CurrentGateDigest is not { } digest)
            {
                continue;
            }

            var gate = (await lifecycle.GateAsync(store, workflow.Name, digest, cancellationToken)).Gate;
            if (gate.Approvals.Any(a => a.Escalate is not null))
            {
                foreach (var release in await store.ListReleasesAsync(workflow.Name, ReleaseState.Pending, int.MaxValue, cancellationToken))
                {
                    recorded.AddRange(await IsolatedAsync(release, () => StagesAsync(gate, release, cancellationToken)));
                }
            }

            if (gate.Reviews.Any(r => r.Escalate is not null))
            {
                foreach (var state in new[] { ReleaseState.Pending, ReleaseState.Blocked })
                {
                    foreach (var release in await store.ListReleasesAsync(workflow.Name, state, int.MaxValue, cancellationToken))
                    {
                        recorded.AddRange(await IsolatedAsync(release, () => ReviewItemsAsync(gate, release, cancellationToken)));
                    }
                }
            }
        }

        return recorded;
    }

    /// <summary>One release's escalations; its failure (a stored manifest that no longer loads, say) is logged and does not stop the others'.</summary>
    private async Task<List<EscalationRecord>> IsolatedAsync(ReleaseRecord release, Func<Task<List<EscalationRecord>>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or GateStoreException)
        {
            LogFailed(logger, release.Workflow, release.Version, e);
            metrics.SchedulerFailure("escalations");
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "escalating release {Version} of {Workflow} failed; the other releases go on, and this one is tried again at the next tick")]
    private static partial void LogFailed(ILogger logger, string workflow, string version, Exception exception);

    /// <summary>
    /// The level an escalation has reached after waiting since <paramref name="since"/>: 0 before <c>after</c> has passed, then 1,
    /// then one more each <c>every</c>.
    /// </summary>
    public static int Level(Escalation escalation, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var waited = now - since;
        if (waited < escalation.After)
        {
            return 0;
        }

        return escalation.Every is { } every && every > TimeSpan.Zero
            ? 1 + (int)Math.Min(int.MaxValue - 1, (waited - escalation.After).Ticks / every.Ticks)
            : 1;
    }

    /// <summary>
    /// Since when the check <paramref name="checkId"/> has been waiting without a break: the first of the latest run of recorded
    /// decisions (oldest first) in which the release was pending (nothing but people missing) and that check was pending. With
    /// <paramref name="current"/>, null unless the latest decision is one of them; without, the latest such run, even if the
    /// check has passed since (what a passed stage's escalation belongs to).
    /// </summary>
    public static DateTimeOffset? PendingSince(IReadOnlyList<DecisionRecord> decisions, string checkId, bool current = true)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var i = decisions.Count - 1;
        if (!current)
        {
            while (i >= 0 && !Waiting(decisions[i], checkId))
            {
                i--;
            }
        }

        DateTimeOffset? since = null;
        for (; i >= 0 && Waiting(decisions[i], checkId); i--)
        {
            since = decisions[i].CreatedAt;
        }

        return since;
    }

    /// <summary>
    /// The escalations of <paramref name="release"/>'s approval stages that stand: raised in the stage's latest waiting period, to
    /// the group the stage escalates to under <paramref name="gate"/>. One raised in an earlier waiting period (the stage passed
    /// or its approvals were voided since), or to a group the gate no longer names, gives no one the right to decide the stage.
    /// </summary>
    public static async Task<List<EscalationRecord>> StandingAsync(IGateReader reader, ReleaseRecord release, Gate gate, bool current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(gate);
        var raised = (await reader.ListEscalationsAsync(release.Id, cancellationToken)).Where(e => e.Kind == StageKind).ToList();
        if (raised.Count == 0)
        {
            return raised;
        }

        var decisions = await reader.ListDecisionsAsync(release.Id, cancellationToken);
        var standing = new List<EscalationRecord>();
        foreach (var stage in raised.GroupBy(e => e.Target, StringComparer.Ordinal))
        {
            var to = gate.Approvals.FirstOrDefault(a => a.Stage == stage.Key)?.Escalate?.To;
            if (to is not null && PendingSince(decisions, $"approvals/{stage.Key}", current) is { } since)
            {
                standing.AddRange(stage.Where(e => e.ToGroup == to && (e.WaitingSince - since).Duration() < TimeSpan.FromMilliseconds(1)));
            }
        }

        return standing.OrderBy(e => e.Id).ToList();
    }

    private static bool Waiting(DecisionRecord decision, string checkId) =>
        decision.Verdict == "pending" && StatusOf(decision.DecisionJson, checkId) == "pending";

    private static string? StatusOf(string decisionJson, string checkId) =>
        ComplianceRuns.Checks(decisionJson).GetValueOrDefault(checkId);

    private async Task<List<EscalationRecord>> StagesAsync(Gate gate, ReleaseRecord release, CancellationToken cancellationToken)
    {
        var recorded = new List<EscalationRecord>();
        var decisions = await store.ListDecisionsAsync(release.Id, cancellationToken);
        var now = lifecycle.Now;
        foreach (var stage in gate.Approvals.Where(a => a.Escalate is not null))
        {
            var escalate = stage.Escalate!;
            if (PendingSince(decisions, $"approvals/{stage.Stage}") is not { } since || Level(escalate, since, now) is not (> 0 and var level))
            {
                continue;
            }

            var reason = $"stage '{stage.Stage}' has waited for {stage.Group} since {Time(since)}, longer than {Span(escalate.After)}"
                + (level > 1 ? $" (escalation {level}, every {Span(escalate.Every!.Value)})" : "");
            var escalation = await StoreWrites.RunAsync<EscalationRecord?>(store, async tx =>
            {
                // The release's row is held while the escalation and the re-decision it causes are written, as a vote holds it.
                if (await tx.LockReleaseAsync(release.Id, cancellationToken) is not { State: ReleaseState.Pending } locked
                    || await tx.AddEscalationAsync(new NewEscalation(release.Id, StageKind, stage.Stage, escalate.To, level, since, reason), cancellationToken) is not { } added)
                {
                    return (null, false);
                }

                await RecordAsync(tx, locked, added, stage.Stage, cancellationToken);
                await lifecycle.RecordAsync(tx, locked, ComplianceRuns.SchedulerActor, $"stage '{stage.Stage}' escalated to {escalate.To}", cancellationToken);
                return (added, true);
            }, cancellationToken);
            if (escalation is not null)
            {
                recorded.Add(escalation);
            }
        }

        return recorded;
    }

    private async Task<List<EscalationRecord>> ReviewItemsAsync(Gate gate, ReleaseRecord release, CancellationToken cancellationToken)
    {
        var recorded = new List<EscalationRecord>();
        var rules = gate.Reviews.Where(r => r.Escalate is not null).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var now = lifecycle.Now;
        foreach (var item in await store.ListReviewItemsAsync(release.Id, includeVoid: false, cancellationToken))
        {
            if (item.State is not (ReviewItemStatus.Open or ReviewItemStatus.Adjudication)
                || !rules.TryGetValue(item.Review, out var review)
                || Level(review.Escalate!, item.CreatedAt, now) is not (> 0 and var level))
            {
                continue;
            }

            var escalate = review.Escalate!;
            var reason = $"review item {item.Id} ({item.Suite}/{item.Case}) has waited for {(item.State == ReviewItemStatus.Adjudication ? item.AdjudicatorGroup : item.Group)} since {Time(item.CreatedAt)}, longer than {Span(escalate.After)}"
                + (level > 1 ? $" (escalation {level}, every {Span(escalate.Every!.Value)})" : "");
            var target = item.Id.ToString(CultureInfo.InvariantCulture);
            var escalation = await StoreWrites.RunAsync<EscalationRecord?>(store, async tx =>
            {
                if (await tx.LockReviewItemAsync(item.Id, cancellationToken) is not { State: ReviewItemStatus.Open or ReviewItemStatus.Adjudication }
                    || await tx.AddEscalationAsync(new NewEscalation(release.Id, ReviewItemKind, target, escalate.To, level, item.CreatedAt, reason), cancellationToken) is not { } added)
                {
                    return (null, false);
                }

                await RecordAsync(tx, release, added, $"review item {target}", cancellationToken);
                return (added, true);
            }, cancellationToken);
            if (escalation is not null)
            {
                recorded.Add(escalation);
            }
        }

        return recorded;
    }

    private async Task RecordAsync(IGateTransaction tx, ReleaseRecord release, EscalationRecord escalation, string what, CancellationToken cancellationToken)
    {
        var data = new JsonObject
        {
            ["escalation"] = escalation.Id,
            ["kind"] = escalation.Kind,
            ["target"] = escalation.Target,
            ["to"] = escalation.ToGroup,
            ["level"] = escalation.Level,
            ["waiting_since"] = LedgerHash.FormatTime(escalation.WaitingSince),
            ["reason"] = escalation.Reason,
            ["release"] = release.Digest,
        };
        await tx.AppendLedgerAsync(new NewLedgerEntry(ComplianceRuns.SchedulerActor, LedgerEvents.Escalated, ReleaseLifecycle.Subject(release), data), cancellationToken);
        var notice = (JsonObject)data.DeepClone();
        notice["release"] = release.Id;
        notice["version"] = release.Version;
        notice["what"] = what;
        notice["link"] = $"/releases/{release.Id}";
        await Notifications.Notifications.EnqueueAsync(tx, WebhookEvents.Escalated, release.Workflow, release.Id, ReleaseLifecycle.Subject(release), notice, escalation.EscalatedAt, cancellationToken);
        metrics.Escalated(escalation.Kind);
    }

    /// <summary>The groups the standing escalations (<see cref="StandingAsync"/>) opened stage <paramref name="stage"/> to.</summary>
    public static IEnumerable<string> StageGroups(IEnumerable<EscalationRecord> standing, string stage) =>
        standing.Where(e => e.Kind == StageKind && e.Target == stage).Select(e => e.ToGroup).Distinct(StringComparer.Ordinal);

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Span(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.Ticks % TimeSpan.TicksPerDay == 0 => $"{span.TotalDays:0}d",
        { TotalHours: >= 1 } when span.Ticks % TimeSpan.TicksPerHour == 0 => $"{span.TotalHours:0}h",
        { TotalMinutes: >= 1 } when span.Ticks % TimeSpan.TicksPerMinute == 0 => $"{span.TotalMinutes:0}m",
        _ => $"{span.TotalSeconds:0.###}s",
    };
}
