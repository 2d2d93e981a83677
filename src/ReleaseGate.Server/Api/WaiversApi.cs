using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Yaml;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Waivers: time-boxed, justified exceptions to failing checks, granted and revoked by members of the gate's waiver group
/// (<c>waivers.group</c>), within its <c>max_duration</c>. Every open release of the workflow is decided again after a change.
/// </summary>
public static class WaiversApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/workflows/{workflow}/waivers", ListAsync).Requires(Scope.None).WithSummary("List a workflow's waivers, revoked ones included.");
        api.MapPost("/workflows/{workflow}/waivers", GrantAsync).Requires(Scope.Approve).WithSummary("Grant a waiver (members of the gate's waivers.group).");
        api.MapPost("/waivers/{id:long}/revoke", RevokeAsync).Requires(Scope.Approve).WithSummary("Revoke a waiver (members of the gate's waivers.group).");
    }

    private static async Task<Results<Ok<List<WaiverV1>>, ProblemHttpResult>> ListAsync(string workflow, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetWorkflowAsync(workflow, cancellationToken) is null)
        {
            return Problems.UnknownWorkflow(workflow);
        }

        return TypedResults.Ok((await store.ListWaiversAsync(workflow, includeRevoked: true, cancellationToken)).Select(Views.Waiver).ToList());
    }

    /// <summary>Grant a waiver (members of the gate's waivers.group).</summary>
    internal static async Task<Results<Created<WaiverV1>, ProblemHttpResult>> GrantAsync(
        string workflow, WaiverRequestV1 request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (string.IsNullOrWhiteSpace(request.Check))
        {
            return Problems.BadField("check", "name the check id, or a glob over ids, such as evals/support-core/slice/billing/*.");
        }

        if (CheckPattern.Validate(request.Check) is { } invalid)
        {
            return Invalid($"check: {invalid}");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problems.BadField("reason", "say why the exception is justified; the reason is part of the record.");
        }

        if (request.Expires is not { } expires)
        {
            return Problems.BadField("expires", "give an RFC 3339 expiry with a zone, such as 2026-12-01T00:00:00Z; waivers are time-boxed.");
        }

        return await StoreWrites.RunAsync<Results<Created<WaiverV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetWorkflowAsync(workflow, cancellationToken) is not { CurrentGateDigest: { } digest })
            {
                return (Problems.UnknownWorkflow(workflow), false);
            }

            var rules = (await lifecycle.GateAsync(tx, workflow, digest, cancellationToken)).Gate.Waivers;
            if (Refusal(caller, rules.Group) is { } refused)
            {
                return (refused, false);
            }

            var now = time.GetUtcNow();
            if (expires <= now)
            {
                return (Invalid($"expires: {TimestampText.Format(expires)} is not in the future."), false);
            }

            if (rules.MaxDuration is { } max && expires - now > max)
            {
                return (Invalid($"expires: the waiver would run {DurationText.Format(expires - now)}, longer than the gate's waivers.max_duration of {DurationText.Format(max)}; choose an earlier expiry."), false);
            }

            // A waiver for a version binds to the digest of the release that has it now; a version no release has yet will name
            // exactly one release, since a version is unique within its workflow.
            var asked = request.Release?.Trim();
            var bound = asked is null || asked.StartsWith("sha256:", StringComparison.Ordinal)
                ? asked
                : (await tx.GetReleaseByVersionAsync(workflow, asked, cancellationToken))?.Digest ?? asked;
            var waiver = await tx.GrantWaiverAsync(new NewWaiver(workflow, request.Check.Trim(), bound, request.Reason.Trim(), caller.User, expires), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.WaiverGranted, $"workflow/{workflow}", new JsonObject
            {
                ["waiver"] = waiver.Id,
                ["check"] = waiver.Check,
                ["release"] = waiver.Release,
                ["asked"] = asked,
                ["reason"] = waiver.Reason,
                ["expires"] = TimestampText.Format(waiver.Expires),
                ["expires_at"] = LedgerHash.FormatTime(waiver.Expires),
            }), cancellationToken);
            await lifecycle.RedecideOpenAsync(tx, workflow, caller.User, $"waiver {waiver.Id} was granted for {waiver.Check}", null, cancellationToken);
            return (TypedResults.Created($"/api/v1/workflows/{workflow}/waivers", Views.Waiver(waiver)), true);
        }, cancellationToken);
    }

    /// <summary>Revoke a waiver (members of the gate's waivers.group).</summary>
    internal static async Task<Results<Ok<WaiverV1>, ProblemHttpResult>> RevokeAsync(
        long id, RevokeRequestV1 request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problems.BadField("reason", "say why the waiver is revoked; the reason is part of the record.");
        }

        return await StoreWrites.RunAsync<Results<Ok<WaiverV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetWaiverAsync(id, cancellationToken) is not { } waiver)
            {
                return (Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Unknown waiver", $"no waiver has id {id}."), false);
            }

            if (waiver.RevokedAt is not null)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Already revoked", $"waiver {id} was revoked by {waiver.RevokedBy}."), false);
            }

            var workflow = await tx.GetWorkflowAsync(waiver.Workflow, cancellationToken);
            var rules = (await lifecycle.GateAsync(tx, waiver.Workflow, workflow!.CurrentGateDigest!, cancellationToken)).Gate.Waivers;
            if (Refusal(caller, rules.Group) is { } refused)
            {
                return (refused, false);
            }

            var revoked = await tx.RevokeWaiverAsync(id, caller.User, request.Reason.Trim(), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.WaiverRevoked, $"workflow/{waiver.Workflow}", new JsonObject
            {
                ["waiver"] = id,
                ["reason"] = request.Reason.Trim(),
            }), cancellationToken);
            await lifecycle.RedecideOpenAsync(tx, waiver.Workflow, caller.User, $"waiver {id} was revoked", null, cancellationToken);
            return (TypedResults.Ok(Views.Waiver(revoked)), true);
        }, cancellationToken);
    }

    private static ProblemHttpResult? Refusal(Caller caller, string? group) => group switch
    {
        null when !caller.Has(Scope.Admin) => Problems.Forbidden("the gate names no waivers.group, so only admins may grant or revoke its waivers."),
        { } g when !caller.InGroup(g) => Problems.Forbidden($"waivers of this workflow are granted and revoked by members of '{g}', and {caller.User} is not one."),
        _ => null,
    };

    private static ProblemHttpResult Invalid(string detail) =>
        Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.InvalidWaiver, "Invalid waiver", detail);
}
