using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Compliance;
using ReleaseGate.Core.Model;
using ReleaseGate.Policies;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Notifications;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Operations;

/// <summary>
/// Compliance monitoring: re-evaluates a workflow's compliance policies over its shipped releases, opens a finding for each new
/// violation and resolves the findings whose rule holds again, all in one transaction with the run's own record and ledger entries,
/// so that a run is either wholly recorded or not at all.
/// </summary>
/// <remarks>
/// A scheduled run is keyed by its workflow and due time: the store refuses a second run of the same key, which is what makes
/// it happen once however many instances try. The rules are evaluated before the transaction (reads only), and the findings
/// are compared inside it, so a slow run never holds the database's write lock while it evaluates.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed partial class ComplianceRuns(IGateStore store, ReleaseLifecycle lifecycle, OperationsMetrics metrics, ILogger<ComplianceRuns> logger)
{
    /// <summary>The actor the scheduler records its own changes under.</summary>
    public const string SchedulerActor = "releasegate";

    /// <summary>The trigger word of runs the schedule started.</summary>
    public const string Scheduled = "schedule";

    /// <summary>The trigger word of runs a person started.</summary>
    public const string Manual = "manual";

    /// <summary>
    /// Runs every workflow whose schedule came due since its last scheduled run: once, for the latest due time, however many
    /// were missed while no instance ran.
    /// </summary>
    /// <returns>The runs this call recorded.</returns>
    public async Task<IReadOnlyList<ComplianceRunRecord>> RunDueAsync(string instance, CancellationToken cancellationToken)
    {
        var recorded = new List<ComplianceRunRecord>();
        var now = lifecycle.Now;
        foreach (var workflow in await store.ListWorkflowsAsync(cancellationToken))
        {
            if (workflow.CurrentGateDigest is not { } digest)
            {
                continue;
            }

            // One workflow's trouble (a time zone this machine lacks, a stored gate that no longer loads) is its own: the others run.
            try
            {
                var gate = await lifecycle.GateAsync(store, workflow.Name, digest, cancellationToken);
                if (gate.Gate.Compliance is not { } rules)
                {
                    continue;
                }

                // The first run is due after the gate that asked for it was registered, not at some time before it existed.
                var since = (await store.GetLatestComplianceRunAsync(workflow.Name, Scheduled, cancellationToken))?.ScheduledFor
                    ?? (await store.GetGateVersionAsync(workflow.Name, digest, cancellationToken))?.CreatedAt ?? now;
                if (CronSchedule.Parse(rules.Schedule, rules.TimeZone).LatestDue(since, now) is { } due
                    && await RunAsync(workflow.Name, due, Scheduled, instance, SchedulerActor, cancellationToken) is { } run)
                {
                    recorded.Add(run);
                }
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or GateStoreException)
            {
                LogFailed(logger, workflow.Name, e);
                metrics.SchedulerFailure("compliance runs");
            }
        }

        return recorded;
    }

    /// <summary>
    /// Runs the compliance policies of <paramref name="workflow"/>'s current gate now and records the run, its findings and
    /// their ledger entries in one transaction.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="scheduledFor">The due time of a scheduled run; the time it was asked for, for a manual one.</param>
    /// <param name="trigger"><see cref="Scheduled"/> or <see cref="Manual"/>.</param>
    /// <param name="instance">The server instance running it.</param>
    /// <param name="actor">Who started it.</param>
    /// <param name="cancellationToken">Cancels the run; nothing is recorded then.</param>
    /// <returns>The run, or null when a scheduled run of that due time was already recorded (by this or another instance).</returns>
    /// <exception cref="InvalidOperationException">The workflow has no compliance section in its current gate.</exception>
    public async Task<ComplianceRunRecord?> RunAsync(
        string workflow, DateTimeOffset scheduledFor, string trigger, string instance, string actor, CancellationToken cancellationToken)
    {
        var record = await store.GetWorkflowAsync(workflow, cancellationToken)
            ?? throw new InvalidOperationException($"workflow '{workflow}' is not stored");
        var digest = record.CurrentGateDigest ?? throw new InvalidOperationException($"workflow '{workflow}' has no gate");
        var gate = (await lifecycle.GateAsync(store, workflow, digest, cancellationToken)).Gate;
        var rules = gate.Compliance ?? throw new InvalidOperationException($"the gate of '{workflow}' has no compliance section");
        var now = lifecycle.Now;

        // A run that cannot evaluate (a stored manifest that no longer loads) is recorded as failed, with why: never as a clean run.
        List<ReleaseResults> evaluated;
        string? error = null;
        try
        {
            evaluated = await EvaluateAsync(gate, rules, now, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException)
        {
            evaluated = [];
            error = e.Message;
        }

        var (run, blockingChanged) = await StoreWrites.RunAsync<(ComplianceRunRecord?, bool)>(store, async tx =>
        {
            if (await tx.StartComplianceRunAsync(new NewComplianceRun(workflow, scheduledFor, trigger, instance, actor), cancellationToken) is not { } started)
            {
                return ((null, false), false);
            }

            var changes = error is null ? await RecordFindingsAsync(tx, workflow, rules, evaluated, started, now, cancellationToken) : new FindingChanges([], []);
            var violations = evaluated.Sum(r => r.Results.Count(x => x.Violated));
            var finished = await tx.FinishComplianceRunAsync(started.Id,
                new ComplianceRunTotals(evaluated.Count, rules.Policies.Count, violations, changes.Opened.Count, changes.Resolved.Count, error), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.ComplianceRun, $"workflow/{workflow}", new JsonObject
            {
                ["run"] = finished.Id,
                ["trigger"] = trigger,
                ["scheduled_for"] = LedgerHash.FormatTime(scheduledFor),
                ["instance"] = instance,
                ["gate"] = digest,
                ["releases"] = evaluated.Count,
                ["policies"] = rules.Policies.Count,
                ["violations"] = violations,
                ["opened"] = Ids(changes.Opened),
                ["resolved"] = Ids(changes.Resolved),
                ["error"] = error,
            }), cancellationToken);

            // New releases are decided on the findings that block them: a change of those re-decides the open releases now.
            var blocking = changes.Opened.Concat(changes.Resolved).Any(f => Blocks(rules, f.Severity));
            if (blocking)
            {
                await lifecycle.RedecideOpenAsync(tx, workflow, actor, $"compliance run {finished.Id} changed the findings that block new releases", null, cancellationToken);
            }

            return ((finished, blocking), true);
        }, cancellationToken);

        if (run is not null)
        {
            metrics.ComplianceRun(trigger, run.Opened, run.Resolved);
        }

        return run;
    }

    /// <summary>Whether an unresolved finding of <paramref name="severity"/> blocks new releases under <paramref name="rules"/>.</summary>
    public static bool Blocks(ComplianceRules rules, string severity) =>
        rules.Block.Any(s => RegressionBank.Word(s) == severity);

    /// <summary>The compliance results of one shipped release.</summary>
    private sealed record ReleaseResults(ReleaseRecord Release, IReadOnlyList<ComplianceResult> Results);

    private sealed record FindingChanges(List<FindingRecord> Opened, List<FindingRecord> Resolved);

    private async Task<List<ReleaseResults>> EvaluateAsync(Gate gate, ComplianceRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shipped = await store.ListReleasesAsync(gate.Workflow, ReleaseState.Shipped, int.MaxValue, cancellationToken);
        var inScope = rules.Releases == ComplianceScope.All
            ? shipped
            : shipped.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Take(1).ToList();
        if (inScope.Count == 0)
        {
            return [];
        }

        var waivers = await store.ListWaiversAsync(gate.Workflow, cancellationToken: cancellationToken);
        var bank = new List<DateTimeOffset>();
        await foreach (var c in store.ReadBankAsync(gate.Workflow, [BankState.Active], cancellationToken))
        {
            bank.Add(c.CreatedAt);
        }

        var evaluator = new CelPolicyEvaluator(new ReleaseLifecycle.StoppedClock(now));
        var results = new List<ReleaseResults>(inScope.Count);
        foreach (var release in inScope)
        {
            // A shipped release changes no more, so the time of its last change is when it shipped.
            var shippedAt = release.UpdatedAt;
            var evidence = await ReleaseLifecycle.ReleaseEvidenceAsync(store, release, cancellationToken);
            var applying = waivers
                .Where(w => w.Expires > now && (w.Release is null || w.Release == release.Version || w.Release == release.Digest))
                .Select(w => new Waiver
                {
                    Check = w.Check,
                    Release = w.Release ?? release.Digest,
                    Reason = w.Reason,
                    GrantedBy = w.GrantedBy,
                    GrantedAt = w.GrantedAt,
                    Expires = w.Expires,
                    Location = Core.Diagnostics.SourceLocation.OfFile($"waiver {w.Id}"),
                }).ToList();
            var checks = Checks((await store.GetLatestDecisionAsync(release.Id, cancellationToken))?.DecisionJson);
            var input = ComplianceInput.Build(evidence, gate, shippedAt, applying, new ComplianceBank(bank.Count, bank.Count(t => t > shippedAt)), checks, now);
            results.Add(new ReleaseResults(release, ComplianceEvaluator.Evaluate(rules, evaluator, input)));
        }

        return results;
    }

    /// <summary>A recorded decision's checks: id to status word; empty without a decision.</summary>
    internal static Dictionary<string, string> Checks(string? decisionJson)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        if (decisionJson is not null && JsonNode.Parse(decisionJson)?["checks"] is JsonArray list)
        {
            foreach (var check in list.OfType<JsonObject>())
            {
                if (check["id"]?.GetValue<string>() is { } id && check["status"]?.GetValue<string>() is { } status)
                {
                    checks[id] = status;
                }
            }
        }

        return checks;
    }

    /// <summary>
    /// Opens a finding for each violation that has none unresolved, and resolves the unresolved findings whose rule holds again,
    /// whose policy left the gate, or whose release is no longer in scope; each change with its ledger entry, and each opening
    /// with its notification.
    /// </summary>
    private async Task<FindingChanges> RecordFindingsAsync(
        IGateTransaction tx, string workflow, ComplianceRules rules, List<ReleaseResults> evaluated, ComplianceRunRecord run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changes = new FindingChanges([], []);
        var unresolved = (await tx.ListFindingsAsync(workflow, [FindingState.Open, FindingState.Acknowledged], null, int.MaxValue, cancellationToken))
            .ToDictionary(f => (f.ReleaseId, f.Policy));
        var seen = new HashSet<(long, string)>();
        foreach (var (release, results) in evaluated)
        {
            foreach (var result in results)
            {
                var key = (release.Id, result.Policy.Id);
                seen.Add(key);
                if (result.Violated && !unresolved.ContainsKey(key))
                {
                    var finding = await tx.OpenFindingAsync(new NewFinding(workflow, release.Id, result.Policy.Id, Core.Formats.GateParser.DigestOf(result.Policy.Rule),
                        RegressionBank.Word(result.Policy.Severity), result.Policy.Owner, result.Message, run.Id), cancellationToken);
                    await tx.AppendLedgerAsync(new NewLedgerEntry(run.Actor, LedgerEvents.FindingOpened, ReleaseLifecycle.Subject(release), FindingPayload(finding, release, run)), cancellationToken);
                    await Notifications.Notifications.EnqueueAsync(tx, WebhookEvents.FindingOpened, workflow, release.Id, ReleaseLifecycle.Subject(release), new JsonObject
                    {
                        ["finding"] = finding.Id,
                        ["policy"] = finding.Policy,
                        ["severity"] = finding.Severity,
                        ["owner"] = finding.Owner,
                        ["message"] = finding.Message,
                        ["release"] = release.Id,
                        ["version"] = release.Version,
                        ["run"] = run.Id,
                        ["blocks_new_releases"] = Blocks(rules, finding.Severity),
                        ["link"] = $"/compliance/findings/{finding.Id}",
                    }, now, cancellationToken);
                    changes.Opened.Add(finding);
                }
                else if (!result.Violated && unresolved.TryGetValue(key, out var open))
                {
                    changes.Resolved.Add(await ResolveAsync(tx, open, release, run, $"the rule holds again at compliance run {run.Id}", cancellationToken));
                }
            }
        }

        var policies = rules.Policies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, open) in unresolved.Where(u => !seen.Contains(u.Key)))
        {
            var release = await tx.GetReleaseAsync(open.ReleaseId, cancellationToken) ?? throw new InvalidOperationException($"finding {open.Id} names release {open.ReleaseId}, which is not stored");
            var why = policies.Contains(key.Policy)
                ? $"release '{release.Version}' is no longer monitored (the gate monitors the latest shipped release only), as of compliance run {run.Id}"
                : $"the gate no longer has compliance policy '{key.Policy}', as of compliance run {run.Id}";
            changes.Resolved.Add(await ResolveAsync(tx, open, release, run, why, cancellationToken));
        }

        return changes;
    }

    private static async Task<FindingRecord> ResolveAsync(IGateTransaction tx, FindingRecord open, ReleaseRecord release, ComplianceRunRecord run, string why, CancellationToken cancellationToken)
    {
        var resolved = await tx.ResolveFindingAsync(open.Id, run.Actor, why, run.Id, open.RowVersion, cancellationToken);
        await tx.AppendLedgerAsync(new NewLedgerEntry(run.Actor, LedgerEvents.FindingResolved, ReleaseLifecycle.Subject(release), new JsonObject
        {
            ["finding"] = resolved.Id,
            ["policy"] = resolved.Policy,
            ["severity"] = resolved.Severity,
            ["run"] = run.Id,
            ["resolution"] = why,
        }), cancellationToken);
        return resolved;
    }

    private static JsonObject FindingPayload(FindingRecord finding, ReleaseRecord release, ComplianceRunRecord run) => new()
    {
        ["finding"] = finding.Id,
        ["policy"] = finding.Policy,
        ["rule_digest"] = finding.RuleDigest,
        ["severity"] = finding.Severity,
        ["owner"] = finding.Owner,
        ["message"] = finding.Message,
        ["release"] = release.Digest,
        ["version"] = release.Version,
        ["run"] = run.Id,
    };

    private static JsonArray Ids(IEnumerable<FindingRecord> findings) => new(findings.Select(f => (JsonNode)f.Id).ToArray());

    [LoggerMessage(Level = LogLevel.Error, Message = "the compliance schedule of workflow {Workflow} could not run; the other workflows' runs go on, and this one is tried again at the next tick")]
    private static partial void LogFailed(ILogger logger, string workflow, Exception exception);
}
