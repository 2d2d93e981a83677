using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>Releases: submit a manifest with its files, upload evidence, read decisions, ship.</summary>
public static class ReleasesApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/workflows/{workflow}/releases", SubmitAsync).Requires(Scope.Submit).DisableAntiforgery()
            .WithSummary("Submit a release: multipart/form-data with a part 'manifest' (kind: Release) and one part for each prompt and attachment it names, named by the path the manifest writes; or application/yaml with the manifest alone.");
        api.MapGet("/workflows/{workflow}/releases", ListAsync).Requires(Scope.None).WithSummary("List a workflow's releases, newest first.");
        api.MapGet("/releases/{id:long}", GetAsync).Requires(Scope.None).WithSummary("Read a release with its current decision.");
        api.MapGet("/releases/{id:long}/decision", DecisionAsync).Requires(Scope.None).WithSummary("Read a release's current decision (decision JSON).");
        api.MapGet("/releases/{id:long}/decisions", HistoryAsync).Requires(Scope.None).WithSummary("Read every decision recorded for a release, oldest first.");
        api.MapPost("/releases/{id:long}/evidence", EvidenceApi.UploadAsync).Requires(Scope.Submit).WithMetadata(new BodyLimits.EvidenceSized())
            .WithSummary("Upload results JSONL (application/x-ndjson), streamed. ?target=baseline marks every line as the baseline's; otherwise each line's 'target' decides. ?name= names the upload in errors.");
        api.MapPost("/releases/{id:long}/ship", ShipAsync).Requires(Scope.Submit).WithSummary("Mark an approved release shipped: it becomes the workflow's baseline.");
    }

    private static async Task<Results<Created<ReleaseV1>, Ok<ReleaseV1>, ProblemHttpResult>> SubmitAsync(
        string workflow, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (await store.GetWorkflowAsync(workflow, cancellationToken) is not { CurrentGateDigest: { } gateDigest })
        {
            return Problems.UnknownWorkflow(workflow);
        }

        var (files, manifestName, problem) = await Uploads.ReadAsync(context.Request, "manifest", "release.yaml", normalize: false, ProblemCodes.InvalidRelease, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Decoded as the CLI decodes it: strict UTF-8, so a bad byte is an error at its line and column (RG1026).
        var decodeErrors = new List<GateError>();
        var manifestText = InputText.Decode(files![manifestName], manifestName, decodeErrors);
        if (manifestText is null)
        {
            return Problems.Invalid(ProblemCodes.InvalidRelease, "release manifest", decodeErrors);
        }

        var attachments = files.Where(f => f.Key != manifestName).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var digests = attachments.ToDictionary(a => a.Key, a => ReleaseDigest.Of(a.Value), StringComparer.Ordinal);
        var (release, errors) = new ReleaseBundle(manifestName, manifestText, digests).Load(workflow);
        if (release is null)
        {
            return Problems.Invalid(ProblemCodes.InvalidRelease, "release manifest", errors.ToList());
        }

        var unnamed = attachments.Keys.Except(release.Manifest.ReferencedFiles(), StringComparer.Ordinal).ToList();
        if (unnamed.Count > 0)
        {
            return Problems.BadField(unnamed[0], "the manifest names no prompt or attachment at this path; name each part by the path the manifest writes for it.");
        }

        return await StoreWrites.RunAsync<Results<Created<ReleaseV1>, Ok<ReleaseV1>, ProblemHttpResult>>(store, async tx =>
        {
            async Task<(Results<Created<ReleaseV1>, Ok<ReleaseV1>, ProblemHttpResult>, bool)?> ExistingAsync()
            {
                // Looked up by version too: on PostgreSQL each read sees what committed before it, so the same release committed
                // by a concurrent submission between the two reads is found by its version, and is still a resubmission.
                var existing = await tx.GetReleaseByDigestAsync(workflow, release.Digest, cancellationToken);
                var taken = existing is null ? await tx.GetReleaseByVersionAsync(workflow, release.Manifest.Version, cancellationToken) : null;
                if ((existing ?? (taken?.Digest == release.Digest ? taken : null)) is { } same)
                {
                    // The same release again: its identity is its digest, so this is a resubmission, not a new release. It answers
                    // with the stored release as it stands — a rejected or shipped one stays closed.
                    var latest = await tx.GetLatestDecisionAsync(same.Id, cancellationToken);
                    return (TypedResults.Ok(Views.Release(context, same, latest?.DecisionJson)), false);
                }

                if (taken is not null)
                {
                    // A version names one release: waivers and people refer to releases by it.
                    return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.VersionTaken, "Version taken",
                        $"workflow '{workflow}' already has a release with version '{taken.Version}' (release {taken.Id}, {taken.Digest}, {ReleaseStates.Word(taken.State)}), and this manifest is another release ({release.Digest}); nothing was written. Give the new release a new version."), false);
                }

                return null;
            }

            if (await ExistingAsync() is { } answer)
            {
                return answer;
            }

            ReleaseRecord stored;
            try
            {
                stored = await tx.AddReleaseAsync(new NewRelease(workflow, release.Manifest.Version, release.Digest, manifestText, caller.User, gateDigest), cancellationToken);
            }
            catch (DuplicateRecordException)
            {
                // Another submission of this version committed while this one waited for the workflow's row: answer as if it had
                // come first (the same manifest is a resubmission, another one a taken version). The store threw before writing.
                return await ExistingAsync() ?? throw new InvalidOperationException("the store refused a version that no release holds");
            }

            foreach (var (name, bytes) in attachments)
            {
                await tx.PutAttachmentAsync(digests[name], MediaType(name), bytes, cancellationToken);
                await tx.AddReleaseAttachmentAsync(stored.Id, name, digests[name], cancellationToken);
            }

            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.ReleaseSubmitted, ReleaseLifecycle.Subject(stored), new JsonObject
            {
                ["version"] = stored.Version,
                ["release"] = stored.Digest,
                ["gate"] = gateDigest,
                ["files"] = new JsonObject(digests.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
            }), cancellationToken);
            var (outcome, updated, _) = await lifecycle.RecordAsync(tx, stored, caller.User, "submitted", cancellationToken);
            var view = Views.Release(context, updated, outcome.ToJson(updated.Id));
            return (TypedResults.Created(view.Link, view), true);
        }, cancellationToken);
    }

    private static async Task<Results<Ok<List<ReleaseV1>>, ProblemHttpResult>> ListAsync(
        string workflow, HttpContext context, IGateStore store, int? limit, CancellationToken cancellationToken)
    {
        if (await store.GetWorkflowAsync(workflow, cancellationToken) is null)
        {
            return Problems.UnknownWorkflow(workflow);
        }

        var releases = await store.ListReleasesAsync(workflow, null, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
        return TypedResults.Ok(releases.Select(r => Views.Release(context, r, null)).ToList());
    }

    private static async Task<Results<Ok<ReleaseV1>, ProblemHttpResult>> GetAsync(long id, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetReleaseAsync(id, cancellationToken) is not { } release)
        {
            return UnknownRelease(id);
        }

        var decision = await store.GetLatestDecisionAsync(id, cancellationToken);
        return TypedResults.Ok(Views.Release(context, release, decision?.DecisionJson));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DecisionAsync(long id, IGateStore store, CancellationToken cancellationToken)
    {
        var decision = await store.GetLatestDecisionAsync(id, cancellationToken);
        if (decision is null)
        {
            return UnknownRelease(id);
        }

        return TypedResults.Text(decision.DecisionJson, "application/json");
    }

    private static async Task<Results<Ok<List<DecisionRecordV1>>, ProblemHttpResult>> HistoryAsync(long id, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetReleaseAsync(id, cancellationToken) is null)
        {
            return UnknownRelease(id);
        }

        var decisions = await store.ListDecisionsAsync(id, cancellationToken);
        return TypedResults.Ok(decisions.Select(d => new DecisionRecordV1(d.Id, d.Verdict, d.EvidenceDigest, d.Actor, d.CreatedAt, JsonNode.Parse(d.DecisionJson))).ToList());
    }

    /// <summary>Mark an approved release shipped: it becomes the workflow's baseline.</summary>
    internal static async Task<Results<Ok<ReleaseV1>, ProblemHttpResult>> ShipAsync(
        long id, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        return await StoreWrites.RunAsync<Results<Ok<ReleaseV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.LockReleaseAsync(id, cancellationToken) is not { } release)
            {
                return (UnknownRelease(id), false);
            }

            if (Views.Closed(release))
            {
                return (Problems.Closed(release.Workflow, release.Version, ReleaseStates.Word(release.State)), false);
            }

            var now = ReleaseLifecycle.Decide(await lifecycle.GatherForWriteAsync(tx, release, caller.User, cancellationToken));
            if (now.Verdict != Verdict.Approved)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.NotApproved, "Not approved",
                    $"release '{release.Version}' of '{release.Workflow}' is {DecisionJson.Word(now.Verdict)}, not approved; only an approved release can ship. Read its decision for what is missing."), false);
            }

            var shipped = await tx.UpdateReleaseAsync(release.Id, release.RowVersion, new ReleaseUpdate(State: ReleaseState.Shipped), cancellationToken);
            await tx.SetBaselineAsync(release.Workflow, release.Id, cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.ReleaseShipped, ReleaseLifecycle.Subject(release), new JsonObject
            {
                ["release"] = release.Digest,
                ["evidence"] = now.EvidenceDigest,
            }), cancellationToken);
            // The shipped decision is the approved one with its final verdict: it rests on the evidence and baseline it was approved on.
            var (outcome, updated, _) = await ReleaseLifecycle.RecordOutcomeAsync(tx, shipped, now.Ship(), caller.User, "shipped; it is now the workflow's baseline", cancellationToken);

            // Every open release of the workflow is now compared with a new baseline.
            await lifecycle.RedecideOpenAsync(tx, release.Workflow, caller.User, $"the baseline changed to release {release.Id} ({release.Version})", release.Id, cancellationToken);
            return (TypedResults.Ok(Views.Release(context, updated, outcome.ToJson(updated.Id))), true);
        }, cancellationToken);
    }

    internal static ProblemHttpResult UnknownRelease(long id) =>
        Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.UnknownRelease, "Unknown release", $"no release has id {id}; list a workflow's releases with GET /api/v1/workflows/{{workflow}}/releases.");

    private static string MediaType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".md" => "text/markdown; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        ".json" => "application/json",
        ".yaml" or ".yml" => "application/yaml",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };

    /// <summary>Reads the server settings of a request.</summary>
    internal static ServerOptions Settings(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
}
