using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Operations;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Approvals and rejections of approval stages. A vote binds to the release digest, the evidence digest, the gate digest and
/// the digest of its stage's definition it was given on, and may pin the evidence digest its voter reviewed (refused with
/// RG1630 when stale); only members of the stage's group may vote; a submitter never approves their own release; one person
/// counts once; a rejection ends the release. A vote holds its release's row until it commits, so concurrent votes queue.
/// </summary>
public static class ApprovalsApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/releases/{id:long}/approvals", ListAsync).Requires(Scope.None).WithSummary("List a release's approvals and rejections, invalidated ones included.");
        api.MapPost("/releases/{id:long}/approvals", (long id, VoteRequestV1 vote, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, ServerMetrics metrics, CancellationToken ct) =>
            VoteAsync(id, vote, approve: true, context, store, lifecycle, metrics, ct)).Requires(Scope.Approve).WithSummary("Approve a stage of a release, with a comment.");
        api.MapPost("/releases/{id:long}/rejections", (long id, VoteRequestV1 vote, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, ServerMetrics metrics, CancellationToken ct) =>
            VoteAsync(id, vote, approve: false, context, store, lifecycle, metrics, ct)).Requires(Scope.Approve).WithSummary("Reject a release at a stage, with a comment; the release is closed.");
    }

    private static async Task<Results<Ok<List<ApprovalV1>>, ProblemHttpResult>> ListAsync(long id, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetReleaseAsync(id, cancellationToken) is null)
        {
            return ReleasesApi.UnknownRelease(id);
        }

        return TypedResults.Ok((await store.ListApprovalsAsync(id, includeInvalidated: true, cancellationToken)).Select(Views.Approval).ToList());
    }

    /// <summary>Records an approval or a rejection of a stage; the API endpoints and the Control Center's forms both call it.</summary>
    internal static async Task<Results<Ok<ReleaseV1>, ProblemHttpResult>> VoteAsync(
        long id, VoteRequestV1 vote, bool approve, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, ServerMetrics metrics, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (string.IsNullOrWhiteSpace(vote.Stage))
        {
            return Problems.BadField("stage", "name the approval stage, such as {\"stage\":\"product\",\"comment\":\"...\"}.");
        }

        if (string.IsNullOrWhiteSpace(vote.Comment))
        {
            return Problems.BadField("comment", $"say why you {(approve ? "approve" : "reject")}; the comment is part of the record.");
        }

        var stage = vote.Stage.Trim();
        return await StoreWrites.RunAsync<Results<Ok<ReleaseV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.LockReleaseAsync(id, cancellationToken) is not { } release)
            {
                return (ReleasesApi.UnknownRelease(id), false);
            }

            if (Views.Closed(release))
            {
                return (Problems.Closed(release.Workflow, release.Version, ReleaseStates.Word(release.State)), false);
            }

            // Who may vote follows from the gate alone: a vote that will be refused is refused before the evidence is read.
            var workflow = await tx.GetWorkflowAsync(release.Workflow, cancellationToken);
            var gate = await lifecycle.GateAsync(tx, release.Workflow, workflow?.CurrentGateDigest ?? release.GateDigest, cancellationToken);
            if (gate.Gate.Approvals.FirstOrDefault(a => a.Stage == stage) is not { } defined)
            {
                var stages = gate.Gate.Approvals.Select(a => a.Stage).ToList();
                return (Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.UnknownStage, "Unknown stage",
                    $"the gate of '{release.Workflow}' has no approval stage '{DisplayText.Escape(stage)}'; its stages are: {(stages.Count == 0 ? "none" : string.Join(", ", stages))}."), false);
            }

            // An escalated stage may also be decided by the groups it was escalated to.
            var escalatedTo = EscalationSweep.StageGroups(await EscalationSweep.StandingAsync(tx, release, gate.Gate, current: true, cancellationToken), stage).ToList();
            if (!caller.InGroup(defined.Group) && !escalatedTo.Any(caller.InGroup))
            {
                return (Problems.Forbidden($"stage '{stage}' is decided by members of '{defined.Group}'"
                    + (escalatedTo.Count > 0 ? $" (and, since it was escalated, of {string.Join(", ", escalatedTo.Select(g => $"'{g}'"))})" : "")
                    + $", and {caller.User} is not one; ask an admin to add you with 'releasegate group add-member'."), false);
            }

            if (approve && caller.User == release.Submitter)
            {
                return (Problems.Of(StatusCodes.Status403Forbidden, ProblemCodes.SelfApproval, "Self-approval refused",
                    $"{caller.User} submitted release '{release.Version}' and cannot approve it (separation of duties); another member of '{defined.Group}' must."), false);
            }

            var basis = await lifecycle.GatherForWriteAsync(tx, release, caller.User, cancellationToken);
            var evidence = basis.Input.EvidenceDigest!;
            if (vote.Evidence is { } seen && seen.Trim() != evidence)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.StaleEvidence, "Evidence changed",
                    $"you reviewed evidence {seen.Trim()}, but the evidence of release '{release.Version}' is now {evidence}; nothing was recorded. Read the release's decision again and vote on what it shows."), false);
            }

            // The gate may have changed since it was read above (another transaction registered one): judge the stage on the gate decided on.
            var requirements = GateEngine.StagesOf(basis.Input);
            if (requirements.FirstOrDefault(s => s.Stage == stage) is not { } requirement || (!caller.InGroup(requirement.Group) && !escalatedTo.Any(caller.InGroup)))
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Gate changed",
                    $"the gate of '{release.Workflow}' changed while the vote was being recorded, and stage '{stage}' is no longer yours to decide in it; nothing was recorded. Read the release's decision again."), false);
            }

            if (!requirement.Applies)
            {
                var applying = requirements.Where(s => s.Applies).Select(s => s.Stage).ToList();
                return (Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.UnknownStage, "Unknown stage",
                    $"stage '{stage}' does not apply to this release ({requirement.Reason}); the stages that apply are: {(applying.Count == 0 ? "none" : string.Join(", ", applying))}."), false);
            }

            // Votes that no longer count are voided first (and recorded), so that the voter's earlier, stale vote does not stand in the way.
            await ReleaseLifecycle.InvalidateStaleAsync(tx, release, basis, caller.User, cancellationToken);
            var stageDigest = basis.StageDigests[stage];
            var existing = await tx.ListApprovalsAsync(id, includeInvalidated: false, cancellationToken);
            if (existing.Any(a => a.Stage == stage && a.Actor == caller.User && a.EvidenceDigest == evidence && a.ReleaseDigest == release.Digest && a.StageDigest == stageDigest))
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.AlreadyApproved, "Already voted",
                    $"{caller.User} already voted on stage '{stage}' of this release on the current evidence; one person counts once."), false);
            }

            var verdict = approve ? ApprovalVerdict.Approve : ApprovalVerdict.Reject;
            var stored = await tx.AddApprovalAsync(new NewApproval(id, stage, caller.User, release.Digest, evidence, basis.GateDigest, stageDigest, verdict, vote.Comment.Trim()), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, approve ? LedgerEvents.ApprovalGiven : LedgerEvents.ApprovalRejected, ReleaseLifecycle.Subject(release), new JsonObject
            {
                ["approval"] = stored.Id,
                ["stage"] = stage,
                ["release"] = release.Digest,
                ["evidence"] = evidence,
                ["gate"] = stored.GateDigest,
                ["stage_definition"] = stored.StageDigest,
                ["comment"] = stored.Comment,
            }), cancellationToken);

            // The one decision of this request: what was gathered above, with the vote just recorded.
            var decided = ReleaseLifecycle.Decide(basis.With(new Vote(stage, caller.User, approve, release.Digest, evidence, stageDigest), stored.Id));
            var (outcome, updated, changed) = await ReleaseLifecycle.RecordOutcomeAsync(
                tx, release, decided, caller.User, $"{caller.User} {(approve ? "approved" : "rejected")} stage '{stage}'", cancellationToken, staleVoided: true);
            metrics.Vote(approve);
            if (changed)
            {
                metrics.DecisionChanged(DecisionJson.Word(outcome.Verdict));
            }

            return (TypedResults.Ok(Views.Release(context, updated, outcome.ToJson(updated.Id))), true);
        }, cancellationToken);
    }
}
