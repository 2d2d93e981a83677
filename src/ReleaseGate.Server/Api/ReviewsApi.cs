using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Reviews;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Operations;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// The review queues: a reviewer takes the next item of their groups (reserved for a lease, never handed out past its k),
/// sees everything the case needs but not the other reviewers' verdicts, and gives a verdict, which re-decides the release in
/// the same transaction. The release's submitter never reviews it; one person counts once per item; a disputed item goes to
/// the adjudicator group.
/// </summary>
public static class ReviewsApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/reviews/next", NextAsync).Requires(Scope.Review)
            .WithSummary("Reserve the next review item of the caller's reviewer groups (or an item to adjudicate) and return everything needed to judge it; 204 when the queue is empty.");
        api.MapGet("/reviews", ListAsync).Requires(Scope.None)
            .WithSummary("List review items: the open ones, oldest first; or a release's (?release=), settled ones too, and voided ones with ?void=true.");
        api.MapGet("/reviews/{id:long}", GetAsync).Requires(Scope.None).WithSummary("A review item with its case, the candidate's and the baseline's outputs, and the verdicts once the caller has given theirs.");
        api.MapPost("/reviews/{id:long}/verdicts", VerdictAsync).Requires(Scope.Review).WithSummary("Give a verdict on a review item (pass or fail, optional severity, comment, add-to-bank flag); the release is decided again.");
        api.MapDelete("/reviews/{id:long}/lease", GiveBackAsync).Requires(Scope.Review).WithSummary("Give a reserved review item back to its queue.");
    }

    /// <summary>Reserve the next review item of the caller's reviewer groups (or an item to adjudicate) and return everything needed to judge it; 204 when the queue is empty.</summary>
    internal static async Task<Results<Ok<ReviewItemV1>, NoContent, ProblemHttpResult>> NextAsync(
        ReviewNextRequestV1? request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var groups = caller.Groups.ToList();
        if (request?.Group is { } group)
        {
            if (!caller.InGroup(group))
            {
                return Problems.Forbidden($"{caller.User} is not a member of '{DisplayText.Escape(group)}'; ask an admin to add you with 'releasegate group add-member'.");
            }

            groups = [group];
        }

        var lease = await StoreWrites.RunAsync<ReviewLease?>(store, async tx =>
        {
            var taken = await tx.NextReviewItemAsync(caller.User, groups, ReleasesApi.Settings(context).ReviewLease, request?.Workflow, cancellationToken);
            return (taken, taken is not null);
        }, cancellationToken);
        if (lease is null)
        {
            return TypedResults.NoContent();
        }

        return TypedResults.Ok(await DetailAsync(context, store, lifecycle, lease.Item, caller.User, lease.ExpiresAt, lease.Adjudication, cancellationToken));
    }

    private static async Task<Ok<List<ReviewItemSummaryV1>>> ListAsync(
        long? release, string? group, string? workflow, int? limit, bool? @void, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        var items = release is { } id
            ? await store.ListReviewItemsAsync(id, includeVoid: @void == true, cancellationToken)
            : await store.ListOpenReviewItemsAsync(group, workflow, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
        var counts = new Dictionary<long, int>();
        foreach (var releaseId in items.Select(i => i.ReleaseId).Distinct())
        {
            foreach (var v in await store.ListReviewVerdictsAsync(releaseId, cancellationToken))
            {
                counts[v.ItemId] = counts.GetValueOrDefault(v.ItemId) + 1;
            }
        }

        return TypedResults.Ok(items.Where(i => group is null || i.Group == group || i.AdjudicatorGroup == group)
            .Select(i => Summary(context, i, counts.GetValueOrDefault(i.Id))).ToList());
    }

    /// <summary>A review item with its case, the candidate's and the baseline's outputs, and the verdicts once the caller has given theirs.</summary>
    internal static async Task<Results<Ok<ReviewItemV1>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (await store.GetReviewItemAsync(id, cancellationToken) is not { } item)
        {
            return UnknownItem(id);
        }

        return TypedResults.Ok(await DetailAsync(context, store, lifecycle, item, context.Caller().User, null, item.State == ReviewItemStatus.Adjudication, cancellationToken));
    }

    /// <summary>Give a verdict on a review item (pass or fail, optional severity, comment, add-to-bank flag); the release is decided again.</summary>
    internal static async Task<Results<Ok<ReviewVerdictStoredV1>, ProblemHttpResult>> VerdictAsync(
        long id, ReviewVerdictRequestV1 request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, ServerMetrics metrics, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (request.Verdict is not ("pass" or "fail"))
        {
            return Problems.BadField("verdict", "say 'pass' or 'fail', such as {\"verdict\":\"fail\",\"severity\":\"high\",\"comment\":\"offers store credit\"}.");
        }

        if (request.Severity is { } severity && ReviewPlanner.SeverityOf(severity) is null)
        {
            return Problems.BadField("severity", $"'{DisplayText.Escape(severity)}' is not a severity; use critical, high, medium or low.");
        }

        var pass = request.Verdict == "pass";
        var comment = request.Comment?.Trim() ?? "";
        if (await store.GetReviewItemAsync(id, cancellationToken) is not { } peek)
        {
            return UnknownItem(id);
        }

        if (comment.Length == 0 && (!pass || peek.State == ReviewItemStatus.Adjudication))
        {
            return Problems.BadField("comment", "say why: a failing verdict and an adjudication are part of the record, and a reviewer's words are what the decision shows.");
        }

        return await StoreWrites.RunAsync<Results<Ok<ReviewVerdictStoredV1>, ProblemHttpResult>>(store, async tx =>
        {
            // The release's row first, as every writer that decides on it takes it, then the item's: verdicts and reservations queue on the item.
            if (await tx.LockReleaseAsync(peek.ReleaseId, cancellationToken) is not { } release)
            {
                return (UnknownItem(id), false);
            }

            if (await tx.LockReviewItemAsync(id, cancellationToken) is not { } item)
            {
                return (UnknownItem(id), false);
            }

            if (Views.Closed(release))
            {
                return (Problems.Closed(release.Workflow, release.Version, ReleaseStates.Word(release.State)), false);
            }

            if (item.State is ReviewItemStatus.Settled or ReviewItemStatus.Void)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.ReviewClosed, "Review item closed",
                    item.State == ReviewItemStatus.Settled
                        ? $"review item {id} is settled; nothing was recorded. Take the next item with 'releasegate review next'."
                        : $"review item {id} was sampled on evidence the release is no longer decided on; nothing was recorded. Take the next item with 'releasegate review next'."), false);
            }

            if (caller.User == release.Submitter)
            {
                return (Problems.Of(StatusCodes.Status403Forbidden, ProblemCodes.SelfReview, "Self-review refused",
                    $"{caller.User} submitted release '{release.Version}' and cannot review it; another member of '{item.Group}' must."), false);
            }

            var given = await tx.ListReviewVerdictsOfItemAsync(id, cancellationToken);
            var adjudication = item.State == ReviewItemStatus.Adjudication;

            // An escalated item may also be judged by the groups it was escalated to.
            var target = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var escalatedTo = (await tx.ListEscalationsAsync(release.Id, cancellationToken))
                .Where(e => e.Kind == EscalationSweep.ReviewItemKind && e.Target == target).Select(e => e.ToGroup).Distinct(StringComparer.Ordinal).ToList();
            if (adjudication)
            {
                if (!caller.InGroup(item.AdjudicatorGroup) && !escalatedTo.Any(caller.InGroup))
                {
                    return (Problems.Forbidden($"review item {id} awaits adjudication by '{item.AdjudicatorGroup}', and {caller.User} is not a member."), false);
                }

                if (given.Any(v => v.Reviewer == caller.User))
                {
                    return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.AlreadyReviewed, "Already reviewed",
                        $"{caller.User} reviewed item {id} and cannot also settle the dispute over it; another member of '{item.AdjudicatorGroup}' must."), false);
                }
            }
            else
            {
                if (!caller.InGroup(item.Group) && !escalatedTo.Any(caller.InGroup))
                {
                    return (Problems.Forbidden($"review item {id} is reviewed by '{item.Group}', and {caller.User} is not a member; ask an admin to add you with 'releasegate group add-member'."), false);
                }

                if (given.Any(v => v.Reviewer == caller.User))
                {
                    return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.AlreadyReviewed, "Already reviewed",
                        $"{caller.User} already gave a verdict on review item {id}; one person counts once."), false);
                }

                if (given.Count(v => !v.Adjudication) >= item.Needed)
                {
                    return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.ReviewFull, "Review item full",
                        $"review item {id} already has the {item.Needed} verdicts its gate asks for; nothing was recorded. Take the next item with 'releasegate review next'."), false);
                }
            }

            ReviewVerdictRecord stored;
            try
            {
                stored = await tx.AddReviewVerdictAsync(new NewReviewVerdict(id, caller.User, pass, request.Severity, comment, request.AddToBank, adjudication), cancellationToken);
            }
            catch (ReviewPlaceTakenException)
            {
                // Its places are held: the verdicts given and other reviewers' reservations, which 'next' never hands out past k.
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.ReviewFull, "Review item full",
                    $"review item {id} is reserved by other reviewers up to the {item.Needed} verdicts its gate asks for; nothing was recorded. Take the next item with 'releasegate review next'."), false);
            }

            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.ReviewVerdictGiven, ReleaseLifecycle.Subject(release), new JsonObject
            {
                ["verdict_id"] = stored.Id,
                ["item"] = id,
                ["reviewer"] = caller.User,
                ["review"] = item.Review,
                ["suite"] = item.Suite,
                ["case"] = item.Case,
                ["pass"] = pass,
                ["severity"] = stored.Severity,
                ["adjudication"] = adjudication,
                ["add_to_bank"] = stored.AddToBank,
                ["evidence"] = stored.EvidenceDigest,
                ["comment"] = stored.Comment,
            }), cancellationToken);
            var basis = await lifecycle.GatherForWriteAsync(tx, release, caller.User, cancellationToken);
            var (outcome, updated, changed) = await ReleaseLifecycle.RecordOutcomeAsync(
                tx, release, ReleaseLifecycle.Decide(basis), caller.User, $"{caller.User} {(adjudication ? "settled" : "reviewed")} {item.Suite}/{item.Case} ({request.Verdict})", cancellationToken);
            metrics.ReviewVerdict(pass, adjudication);
            if (changed)
            {
                metrics.DecisionChanged(DecisionJson.Word(outcome.Verdict));
            }

            var after = await tx.GetReviewItemAsync(id, cancellationToken) ?? item;
            if (after.State == ReviewItemStatus.Settled)
            {
                await BankFlaggedAsync(tx, lifecycle, basis, release, after, [.. given, stored], cancellationToken);
            }

            return (TypedResults.Ok(new ReviewVerdictStoredV1(Verdict(stored), Summary(context, after, given.Count + 1), Views.Release(context, updated, outcome.ToJson(updated.Id)))), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Banks the case of a settled item when it settled as a failure and a reviewer who failed it asked for it to join the regression
    /// bank: a confirmed failure, not one reviewer's word against the others', becomes a permanent case.
    /// </summary>
    private static async Task BankFlaggedAsync(
        IGateTransaction tx, ReleaseLifecycle lifecycle, DecisionBasis basis, ReleaseRecord release, ReviewItemRecord item, IReadOnlyList<ReviewVerdictRecord> verdicts, CancellationToken cancellationToken)
    {
        var flagged = verdicts.Where(v => !v.Pass && v.AddToBank).ToList();
        if (flagged.Count == 0 || basis.Input.Gate.Reviews.FirstOrDefault(r => r.Id == item.Review) is not { } review)
        {
            return;
        }

        var outcome = ReviewSettlement.Settle(review, basis.Input.ReviewItems?.Where(i => i.Review == review.Id).ToList() ?? [], basis.Input.ReviewVerdicts, basis.Input.Submitter);
        if (outcome.Items.FirstOrDefault(s => s.Item.Suite == item.Suite && s.Item.Case == item.Case) is not { State: ReviewItemState.Settled, Pass: false })
        {
            return;
        }

        if (await tx.GetWorkflowAsync(release.Workflow, cancellationToken) is not { CurrentGateDigest: { } digest })
        {
            return;
        }

        var current = await lifecycle.GateAsync(tx, release.Workflow, digest, cancellationToken);
        if (current.Gate.Regressions is not { } rules)
        {
            return;
        }

        var found = await BankSources.FromReleaseAsync(tx, lifecycle, release.Workflow, release.Version, item.Suite, item.Case, current, cancellationToken);
        if (found.Case is not { } bankCase)
        {
            return;
        }

        // The bank's ids are the workflow's: a case of that id banked from another input keeps it, and this one is named after the item.
        if (await tx.GetBankCaseAsync(release.Workflow, bankCase.Id, cancellationToken) is { } taken && taken.Fingerprint != BankFingerprint.Of(bankCase))
        {
            bankCase = bankCase with { Id = $"{bankCase.Id}-review-{item.Id}" };
        }

        var severity = flagged.Select(v => ReviewPlanner.SeverityOf(v.Severity)).Where(s => s is not null).Select(s => s!.Value).DefaultIfEmpty(bankCase.Severity).Min();
        await RegressionBank.AddAsync(tx, release.Workflow, bankCase with { Severity = severity < bankCase.Severity ? severity : bankCase.Severity }, new BankProvenance
        {
            Source = BankSource.Review,
            AddedBy = string.Join(", ", flagged.Select(v => v.Reviewer).Distinct()),
            AddedAt = lifecycle.Now,
            Reason = string.Join(" / ", flagged.Select(v => $"{v.Reviewer}: {v.Comment}")),
            Release = release.Version,
            Reference = $"review item {item.Id} ({item.Suite}/{item.Case})",
            OriginalOutput = found.Output,
        }, rules.ReviewNew is null ? BankState.Active : BankState.Proposed, flagged[^1].Reviewer, cancellationToken);
    }

    /// <summary>Give a reserved review item back to its queue.</summary>
    internal static async Task<Results<Ok<ReviewItemSummaryV1>, ProblemHttpResult>> GiveBackAsync(
        long id, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        return await StoreWrites.RunAsync<Results<Ok<ReviewItemSummaryV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.LockReviewItemAsync(id, cancellationToken) is not { } item)
            {
                return (UnknownItem(id), false);
            }

            if (!await tx.ReleaseReviewLeaseAsync(id, caller.User, cancellationToken))
            {
                return (Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "No reservation",
                    $"{caller.User} holds no reservation of review item {id} (it may have expired); nothing changed."), false);
            }

            var verdicts = await tx.ListReviewVerdictsOfItemAsync(id, cancellationToken);
            return (TypedResults.Ok(Summary(context, item, verdicts.Count)), true);
        }, cancellationToken);
    }

    private static async Task<ReviewItemV1> DetailAsync(
        HttpContext context, IGateReader reader, ReleaseLifecycle lifecycle, ReviewItemRecord item, string caller, DateTimeOffset? leaseExpires, bool adjudication, CancellationToken cancellationToken)
    {
        var verdicts = await reader.ListReviewVerdictsOfItemAsync(item.Id, cancellationToken);

        // Blind review: another's verdict is shown only to whoever has given theirs, and to everyone once every reviewer of the item
        // has judged it: settled, voided, or disputed (an adjudicator settles a dispute knowing what it is about).
        var visible = item.State is not ReviewItemStatus.Open || verdicts.Any(v => v.Reviewer == caller);
        var release = await reader.GetReleaseAsync(item.ReleaseId, cancellationToken);
        var definition = release is null ? null : await CaseAsync(reader, lifecycle, release, item, cancellationToken);
        var candidate = new List<JsonNode?>();
        var baseline = new List<JsonNode?>();
        foreach (var run in await reader.ListEvidenceRunsAsync(item.ReleaseId, cancellationToken))
        {
            var baselineRun = run.Source.StartsWith(ReleaseLifecycle.BaselineSource, StringComparison.Ordinal);
            await foreach (var line in reader.ReadCaseLinesAsync(run.Id, item.Suite, item.Case, cancellationToken))
            {
                (baselineRun || line.Target == "baseline" ? baseline : candidate).Add(JsonNode.Parse(line.Json));
            }
        }

        return new ReviewItemV1(
            Summary(context, item, verdicts.Count), definition, candidate, baseline,
            visible ? verdicts.Select(Verdict).ToList() : null, verdicts.Count, leaseExpires, adjudication);
    }

    /// <summary>The case as the gate's suite defines it, or null when the gate has no suite file for it.</summary>
    private static async Task<JsonNode?> CaseAsync(IGateReader reader, ReleaseLifecycle lifecycle, ReleaseRecord release, ReviewItemRecord item, CancellationToken cancellationToken)
    {
        var workflow = await reader.GetWorkflowAsync(release.Workflow, cancellationToken);
        var gate = await lifecycle.GateAsync(reader, release.Workflow, workflow?.CurrentGateDigest ?? release.GateDigest, cancellationToken);
        if (!gate.Suites.TryGetValue(item.Suite, out var suite) || suite.Cases.FirstOrDefault(c => c.Id == item.Case) is not { } found)
        {
            return null;
        }

        return new JsonObject
        {
            ["id"] = found.Id,
            ["vars"] = found.Vars.DeepClone(),
            ["slices"] = new JsonArray(found.Slices.Select(s => (JsonNode)s).ToArray()),
            ["severity"] = found.Severity.ToString().ToLowerInvariant(),
            ["system_prompt"] = suite.SystemPrompt,
            ["user_prompt"] = suite.UserPrompt,
            ["assertions"] = new JsonArray(found.Assertions.Select(a => (JsonNode)new JsonObject
            {
                ["type"] = a.Type,
                ["value"] = a.Value?.DeepClone(),
                ["threshold"] = a.Threshold,
            }).ToArray()),
        };
    }

    private static ReviewItemSummaryV1 Summary(HttpContext context, ReviewItemRecord i, int verdicts) => new(
        i.Id, i.ReleaseId, i.Workflow, i.Review, i.Suite, i.Case, i.Reason, i.Group, i.AdjudicatorGroup, i.Needed, verdicts,
        StateWord(i.State), i.EvidenceDigest, i.CreatedAt, Link(context, i.Id));

    private static ReviewVerdictV1 Verdict(ReviewVerdictRecord v) =>
        new(v.Id, v.Reviewer, v.Pass ? "pass" : "fail", v.Severity, v.Comment, v.AddToBank, v.Adjudication, v.CreatedAt);

    /// <summary>The word for an item's state on the wire.</summary>
    public static string StateWord(ReviewItemStatus state) => state switch
    {
        ReviewItemStatus.Open => "open",
        ReviewItemStatus.Adjudication => "adjudication",
        ReviewItemStatus.Settled => "settled",
        _ => "void",
    };

    private static string Link(HttpContext context, long id) => $"{Views.Root(context)}/api/v1/reviews/{id}";

    private static ProblemHttpResult UnknownItem(long id) =>
        Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Unknown review item", $"there is no review item {id}; 'releasegate review list' shows the open ones.");
}
