using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Operations;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Compliance monitoring: the runs of a workflow's compliance policies over its shipped releases, and the findings they open.
/// A finding is acknowledged or resolved by a member of its owner group (or an admin), each change with its ledger entry; a run
/// can be started by hand by an admin or a member of a group that owns one of the workflow's compliance policies.
/// </summary>
public static class ComplianceApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/compliance/runs", RunsAsync).Requires(Scope.None).WithSummary("List compliance runs, newest first (?workflow=, ?limit=).");
        api.MapPost("/workflows/{workflow}/compliance/runs", RunAsync).Requires(Scope.Approve)
            .WithSummary("Run the workflow's compliance policies over its shipped releases now; answers with the run.");
        api.MapGet("/compliance/findings", FindingsAsync).Requires(Scope.None)
            .WithSummary("List compliance findings, newest first (?workflow=, ?state=open|acknowledged|resolved|unresolved, ?release=, ?limit=).");
        api.MapGet("/compliance/findings/{id:long}", FindingAsync).Requires(Scope.None).WithSummary("Read a compliance finding.");
        api.MapPost("/compliance/findings/{id:long}/acknowledge", (long id, FindingChangeRequestV1 request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken ct) =>
            ChangeAsync(id, request, resolve: false, context, store, lifecycle, ct)).Requires(Scope.Approve)
            .WithSummary("Acknowledge an open finding, with a note: its owner group is on it. It still blocks what it blocked.");
        api.MapPost("/compliance/findings/{id:long}/resolve", (long id, FindingChangeRequestV1 request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken ct) =>
            ChangeAsync(id, request, resolve: true, context, store, lifecycle, ct)).Requires(Scope.Approve)
            .WithSummary("Resolve a finding, saying how; a later run opens a new one if the rule is still violated.");
    }

    internal static async Task<Ok<List<ComplianceRunV1>>> RunsAsync(string? workflow, int? limit, IGateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListComplianceRunsAsync(workflow, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken)).Select(Run).ToList());

    internal static async Task<Results<Created<ComplianceRunV1>, ProblemHttpResult>> RunAsync(
        string workflow, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, ComplianceRuns runs, Scheduler scheduler, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (await store.GetWorkflowAsync(workflow, cancellationToken) is not { CurrentGateDigest: { } digest })
        {
            return Problems.UnknownWorkflow(workflow);
        }

        if ((await lifecycle.GateAsync(store, workflow, digest, cancellationToken)).Gate.Compliance is not { } rules)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.NoCompliance, "No compliance policies",
                $"the gate of '{DisplayText.Escape(workflow)}' has no 'compliance' section, so there is nothing to run; add one (docs/compliance.md) and register the gate again.");
        }

        var owners = rules.Policies.Select(p => p.Owner).Distinct(StringComparer.Ordinal).ToList();
        if (!caller.Has(Scope.Admin) && !owners.Any(caller.InGroup))
        {
            return Problems.Forbidden($"a compliance run of '{workflow}' is started by an admin or a member of a group that owns its policies ({string.Join(", ", owners)}), and {caller.User} is neither.");
        }

        var run = await runs.RunAsync(workflow, lifecycle.Now, ComplianceRuns.Manual, scheduler.Instance, caller.User, cancellationToken)
            ?? throw new InvalidOperationException("a manual compliance run never collides with another");
        return TypedResults.Created($"/api/v1/compliance/runs?workflow={Uri.EscapeDataString(workflow)}", Run(run));
    }

    internal static async Task<Results<Ok<List<FindingV1>>, ProblemHttpResult>> FindingsAsync(
        string? workflow, string? state, long? release, int? limit, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<FindingState>? states = state switch
        {
            null => null,
            "unresolved" => [FindingState.Open, FindingState.Acknowledged],
            _ when StateOf(state) is { } one => [one],
            _ => null,
        };
        if (state is not null && states is null)
        {
            return Problems.BadField("state", $"'{DisplayText.Escape(state)}' is not a finding state; use open, acknowledged, resolved or unresolved.");
        }

        var findings = await store.ListFindingsAsync(workflow, states, release, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
        var views = new List<FindingV1>(findings.Count);
        var cache = new ViewCache();
        foreach (var finding in findings)
        {
            views.Add(await ViewAsync(finding, store, lifecycle, cache, cancellationToken));
        }

        return TypedResults.Ok(views);
    }

    internal static async Task<Results<Ok<FindingV1>, ProblemHttpResult>> FindingAsync(long id, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken) =>
        await store.GetFindingAsync(id, cancellationToken) is { } finding
            ? TypedResults.Ok(await ViewAsync(finding, store, lifecycle, new ViewCache(), cancellationToken))
            : UnknownFinding(id);

    internal static async Task<Results<Ok<FindingV1>, ProblemHttpResult>> ChangeAsync(
        long id, FindingChangeRequestV1 request, bool resolve, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var note = request.Note?.Trim() ?? "";
        if (note.Length == 0)
        {
            return Problems.BadField("note", resolve
                ? "say how the finding was resolved; the resolution is part of the record."
                : "say what is being done about the finding; the note is part of the record.");
        }

        return await StoreWrites.RunAsync<Results<Ok<FindingV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetFindingAsync(id, cancellationToken) is not { } finding)
            {
                return (UnknownFinding(id), false);
            }

            if (!caller.Has(Scope.Admin) && !caller.InGroup(finding.Owner))
            {
                return (Problems.Forbidden($"finding {id} is owned by '{finding.Owner}', and {caller.User} is not a member; ask an admin to add you with 'releasegate group add-member'."), false);
            }

            var release = await tx.LockReleaseAsync(finding.ReleaseId, cancellationToken)
                ?? throw new InvalidOperationException($"finding {id} names release {finding.ReleaseId}, which is not stored");
            var gate = (await lifecycle.GateAsync(tx, finding.Workflow, (await tx.GetWorkflowAsync(finding.Workflow, cancellationToken))?.CurrentGateDigest ?? release.GateDigest, cancellationToken)).Gate;
            var blocks = gate.Compliance is { } rules && ComplianceRuns.Blocks(rules, finding.Severity);

            // Separation of duties: whoever waits on a release the finding blocks does not lift the block themselves.
            if (resolve && blocks && await SubmittedOpenAsync(tx, finding.Workflow, caller.User, cancellationToken) is { } own)
            {
                return (Problems.Forbidden($"{caller.User} submitted release '{own}' of '{finding.Workflow}', which finding {id} blocks, and cannot resolve it; another member of '{finding.Owner}' must."), false);
            }

            FindingRecord changed;
            try
            {
                changed = resolve
                    ? await tx.ResolveFindingAsync(id, caller.User, note, null, request.RowVersion, cancellationToken)
                    : await tx.AcknowledgeFindingAsync(id, caller.User, note, request.RowVersion, cancellationToken);
            }
            catch (FindingStateException e)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.FindingState, "Finding state", e.Message), false);
            }

            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, resolve ? LedgerEvents.FindingResolved : LedgerEvents.FindingAcknowledged, ReleaseLifecycle.Subject(release), new JsonObject
            {
                ["finding"] = changed.Id,
                ["policy"] = changed.Policy,
                ["severity"] = changed.Severity,
                [resolve ? "resolution" : "note"] = note,
            }), cancellationToken);

            // A resolved finding that blocked new releases blocks them no more: they are decided again now, not at their next event.
            if (resolve && blocks)
            {
                await lifecycle.RedecideOpenAsync(tx, finding.Workflow, caller.User, $"{caller.User} resolved compliance finding {id}", null, cancellationToken);
            }

            return (TypedResults.Ok(await ViewAsync(changed, tx, lifecycle, new ViewCache(), cancellationToken)), true);
        }, cancellationToken);
    }

    /// <summary>The version of an open release of <paramref name="workflow"/> that <paramref name="user"/> submitted, if any.</summary>
    private static async Task<string?> SubmittedOpenAsync(IGateReader reader, string workflow, string user, CancellationToken cancellationToken)
    {
        foreach (var state in new[] { ReleaseState.Pending, ReleaseState.Blocked, ReleaseState.Approved })
        {
            if ((await reader.ListReleasesAsync(workflow, state, int.MaxValue, cancellationToken)).FirstOrDefault(r => r.Submitter == user) is { } own)
            {
                return own.Version;
            }
        }

        return null;
    }

    private static ComplianceRunV1 Run(ComplianceRunRecord r) =>
        new(r.Id, r.Workflow, r.ScheduledFor, r.Trigger, r.Instance, r.Actor, r.StartedAt, r.EndedAt, r.Releases, r.Policies, r.Violations, r.Opened, r.Resolved, r.Error);

    /// <summary>
    /// What the lookups of a list of findings share: each release's version and each workflow's compliance rules (under its
    /// current gate), read once however many findings name them.
    /// </summary>
    private sealed class ViewCache
    {
        public Dictionary<long, string> Versions { get; } = [];

        public Dictionary<string, ComplianceRules?> Rules { get; } = new(StringComparer.Ordinal);
    }

    private static async Task<FindingV1> ViewAsync(FindingRecord f, IGateReader reader, ReleaseLifecycle lifecycle, ViewCache cache, CancellationToken cancellationToken)
    {
        if (!cache.Versions.TryGetValue(f.ReleaseId, out var version))
        {
            version = cache.Versions[f.ReleaseId] = (await reader.GetReleaseAsync(f.ReleaseId, cancellationToken))?.Version ?? "";
        }

        if (!cache.Rules.TryGetValue(f.Workflow, out var rules))
        {
            var digest = (await reader.GetWorkflowAsync(f.Workflow, cancellationToken))?.CurrentGateDigest;
            rules = cache.Rules[f.Workflow] = digest is null ? null : (await lifecycle.GateAsync(reader, f.Workflow, digest, cancellationToken)).Gate.Compliance;
        }

        var blocks = f.State != FindingState.Resolved && rules is not null && ComplianceRuns.Blocks(rules, f.Severity);
        return new FindingV1(f.Id, f.Workflow, f.ReleaseId, version, f.Policy, f.RuleDigest, f.Severity, f.Owner, f.Message, FindingStates.Word(f.State), blocks,
            f.OpenedRun, f.OpenedAt, f.AcknowledgedBy, f.AcknowledgedAt, f.AckNote, f.ResolvedBy, f.ResolvedAt, f.Resolution, f.RowVersion);
    }

    /// <summary>The state <paramref name="word"/> names, in the words <see cref="FindingStates"/> writes; null for any other.</summary>
    private static FindingState? StateOf(string word) =>
        Enum.GetValues<FindingState>().Where(s => FindingStates.Word(s) == word).Select(s => (FindingState?)s).FirstOrDefault();

    private static ProblemHttpResult UnknownFinding(long id) =>
        Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Unknown finding", $"there is no compliance finding {id}; list them with 'releasegate compliance findings'.");
}
