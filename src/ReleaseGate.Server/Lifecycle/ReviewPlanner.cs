using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// Keeps a release's review items in step with what it is decided on: samples them when the evidence or the gate changes
/// (seeded by the release and evidence digests, so the sample can be derived again), voids the items no longer sampled and
/// records what changed in the ledger; and after each decision stores each item's state (awaiting reviewers, awaiting
/// adjudication, settled) for the queues.
/// </summary>
internal static class ReviewPlanner
{
    /// <summary>The seed of a release's sample: its digest and the evidence digest, one a line.</summary>
    public static string Seed(string releaseDigest, string evidenceDigest) => $"{releaseDigest}\n{evidenceDigest}";

    /// <summary>The engine's view of a stored item.</summary>
    public static SampledItem Sampled(ReviewItemRecord item) => new(item.Review, item.Suite, item.Case, item.Reason);

    /// <summary>The engine's view of a stored verdict on <paramref name="item"/>.</summary>
    public static ReviewVerdict Verdict(ReviewItemRecord item, ReviewVerdictRecord v) =>
        new(item.Review, item.Suite, item.Case, v.Reviewer, v.Pass, SeverityOf(v.Severity), v.Comment, v.CreatedAt, v.Adjudication);

    /// <summary>A severity word (<c>critical</c>, <c>high</c>, <c>medium</c>, <c>low</c>) or null.</summary>
    public static Severity? SeverityOf(string? word) => word switch
    {
        "critical" => Severity.Critical,
        "high" => Severity.High,
        "medium" => Severity.Medium,
        "low" => Severity.Low,
        _ => null,
    };

    /// <summary>
    /// Samples <paramref name="release"/>'s review items when they were not sampled on the gate and evidence of
    /// <paramref name="basis"/>, and returns the basis gathered again with them; otherwise returns <paramref name="basis"/>.
    /// </summary>
    public static async Task<DecisionBasis> PrepareAsync(
        ReleaseLifecycle lifecycle, IGateTransaction tx, ReleaseRecord release, DecisionBasis basis, string actor, CancellationToken cancellationToken)
    {
        var evidence = basis.Input.EvidenceDigest!;
        var reviews = basis.Input.Gate.Reviews;
        if (basis.Sampled == (basis.GateDigest, evidence) || (reviews.Count == 0 && basis.Sampled is null))
        {
            return basis;
        }

        var seed = Seed(release.Digest, evidence);
        var margins = reviews.Any(r => r.JudgeBand is not null) ? await JudgeMarginsAsync(tx, release.Id, basis, cancellationToken) : null;
        var sample = GateEngine.ReviewSample(basis.Input, seed, margins);
        var definitions = reviews.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var wanted = sample.Select(s =>
        {
            var review = definitions[s.Review];
            return new NewReviewItem(s.Review, s.Suite, s.Case, s.Reason, review.Group, review.AdjudicatorGroup, review.ReviewersPerItem);
        }).ToList();

        // An item is kept, with its verdicts, only as it was defined: its reviewers judged this output for this group and k. An item
        // sampled again under another group, adjudicator or k is another item, and the old one is voided.
        var stored = (await tx.ListReviewItemsAsync(release.Id, includeVoid: true, cancellationToken)).Where(i => i.EvidenceDigest == evidence).ToList();
        var byKey = stored.ToDictionary(Key);
        var wantedKeys = wanted.Select(w => (w.Review, w.Suite, w.Case, w.Group, w.AdjudicatorGroup, w.Needed)).ToHashSet();
        var reopened = 0;
        foreach (var item in wanted)
        {
            if (byKey.TryGetValue((item.Review, item.Suite, item.Case, item.Group, item.AdjudicatorGroup, item.Needed), out var existing)
                && existing.State == ReviewItemStatus.Void)
            {
                await tx.SetReviewItemStateAsync(existing.Id, ReviewItemStatus.Open, cancellationToken);
                reopened++;
            }
        }

        var voided = 0;
        foreach (var item in stored.Where(i => i.State != ReviewItemStatus.Void && !wantedKeys.Contains(Key(i))))
        {
            await tx.SetReviewItemStateAsync(item.Id, ReviewItemStatus.Void, cancellationToken);
            voided++;
        }

        voided += await tx.VoidReviewItemsAsync(release.Id, evidence, cancellationToken);
        var count = await tx.AddReviewItemsAsync(release.Id, evidence, wanted, cancellationToken);
        await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.ReviewSampled, ReleaseLifecycle.Subject(release), new JsonObject
        {
            ["gate"] = basis.GateDigest,
            ["evidence"] = evidence,
            ["seed"] = seed,
            ["items"] = sample.Count,
            ["by_review"] = new JsonObject(reviews.Select(r => KeyValuePair.Create(r.Id, (JsonNode?)sample.Count(s => s.Review == r.Id)))),
            ["added"] = count,
            ["reopened"] = reopened,
            ["kept"] = sample.Count - count - reopened,
            ["voided"] = voided,
            ["sample"] = Digest(sample),
        }), cancellationToken);
        return await lifecycle.GatherAsync(tx, release, cancellationToken);
    }

    private static (string, string, string, string, string, int) Key(ReviewItemRecord i) => (i.Review, i.Suite, i.Case, i.Group, i.AdjudicatorGroup, i.Needed);

    /// <summary>Stores each item's state as the settlement of <paramref name="basis"/> gives it, where it changed.</summary>
    public static async Task SyncStatesAsync(IGateTransaction tx, DecisionBasis basis, CancellationToken cancellationToken)
    {
        if (basis.ReviewItems.Count == 0)
        {
            return;
        }

        var rows = basis.ReviewItems.ToDictionary(i => (i.Review, i.Suite, i.Case));
        foreach (var review in basis.Input.Gate.Reviews)
        {
            var items = basis.Input.ReviewItems!.Where(i => i.Review == review.Id).ToList();
            var outcome = ReviewSettlement.Settle(review, items, basis.Input.ReviewVerdicts, basis.Input.Submitter);
            foreach (var settled in outcome.Items)
            {
                var state = settled.State switch
                {
                    ReviewItemState.Settled => ReviewItemStatus.Settled,
                    ReviewItemState.AwaitingAdjudication => ReviewItemStatus.Adjudication,
                    _ => ReviewItemStatus.Open,
                };
                if (rows.TryGetValue((settled.Item.Review, settled.Item.Suite, settled.Item.Case), out var row) && row.State != state)
                {
                    await tx.SetReviewItemStateAsync(row.Id, state, cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// For each candidate case with an <c>llm-rubric</c> assertion that has a threshold, the smallest distance between its
    /// score and its threshold over the case's executions, read from the stored lines of the runs decided on.
    /// </summary>
    private static async Task<Dictionary<(string Suite, string Case), double>> JudgeMarginsAsync(IGateReader reader, long releaseId, DecisionBasis basis, CancellationToken cancellationToken)
    {
        var margins = new Dictionary<(string Suite, string Case), double>();
        var runs = (await reader.ListEvidenceRunsAsync(releaseId, cancellationToken))
            .Where(r => basis.Inputs.EvidenceRuns.Contains(r.Id) && !r.Source.StartsWith(ReleaseLifecycle.BaselineSource, StringComparison.Ordinal));
        foreach (var run in runs)
        {
            await foreach (var line in reader.ReadRunLinesAsync(run.Id, cancellationToken))
            {
                // Most lines have no judge: the text is searched before it is parsed.
                if (line.Target != "candidate" || !line.Json.Contains("llm-rubric", StringComparison.Ordinal))
                {
                    continue;
                }

                using var json = JsonDocument.Parse(line.Json);
                if (JudgeMargin.Of(json.RootElement) is { } margin)
                {
                    var key = (line.Suite, line.Case);
                    margins[key] = JudgeMargin.Smaller(margins.TryGetValue(key, out var m) ? m : null, margin)!.Value;
                }
            }
        }

        return margins;
    }

    /// <summary>
    /// The digest of a sample, in review, suite and case order: recorded in <c>review.sampled</c>, and compared with the stored items
    /// before a decision counts them. Why an item was sampled is not part of it: a gate change may give a kept item another reason.
    /// </summary>
    public static string Digest(IEnumerable<SampledItem> sample)
    {
        var ordered = sample.OrderBy(s => s.Review, StringComparer.Ordinal).ThenBy(s => s.Suite, StringComparer.Ordinal).ThenBy(s => s.Case, StringComparer.Ordinal);
        var text = string.Join("\n", ordered.Select(s => $"{s.Review}\t{s.Suite}\t{s.Case}"));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
