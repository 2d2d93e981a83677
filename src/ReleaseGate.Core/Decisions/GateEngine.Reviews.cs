using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    /// <summary>
    /// The items every review of the gate samples from the candidate (<see cref="ReviewSampler"/>), review by review in the
    /// gate's order. The cases are those of the gate's eval suites that have results, with their automated outcomes (human
    /// verdicts are not applied: they are what the sample asks for) and slices; the gate's first review also takes every
    /// case behind an inconclusive no-regression check with <c>on_inconclusive: review</c>.
    /// </summary>
    /// <param name="input">The decision input; its <see cref="DecisionInput.ReviewItems"/> and verdicts are not used.</param>
    /// <param name="seed">What makes the sample (the server uses the release digest and the evidence digest, a line each).</param>
    /// <param name="judgeMargins">Per case, the smallest distance between an <c>llm-rubric</c> score and its threshold, for reviews with a judge band; null when not known.</param>
    /// <returns>The items, each review's in suite and case order.</returns>
    public static IReadOnlyList<SampledItem> ReviewSample(DecisionInput input, string seed, IReadOnlyDictionary<(string Suite, string Case), double>? judgeMargins)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(seed);
        var gate = input.Gate;
        if (gate.Reviews.Count == 0)
        {
            return [];
        }

        var cases = new List<SampleCase>();
        var inconclusive = new HashSet<(string Suite, string Case)>();
        foreach (var eval in gate.Evals)
        {
            var view = SuiteView.Build(eval.Suite, input.Candidate.Suites.GetValueOrDefault(eval.Suite), eval.Repeats, input.Suites.GetValueOrDefault(eval.Suite));
            if (eval.NoRegression is { OnInconclusive: InconclusiveAction.Review } rule)
            {
                // Run for what it collects: the cases behind each inconclusive comparison.
                _ = NoRegressionChecks(eval, rule, view, input, inconclusive).Count();
            }

            foreach (var c in view.Cases)
            {
                if (c.Outcome == CaseOutcome.Missing)
                {
                    continue;
                }

                cases.Add(new SampleCase(eval.Suite, c.Id, c.Passed)
                {
                    Slices = c.Slices,
                    JudgeMargin = judgeMargins is not null && judgeMargins.TryGetValue((eval.Suite, c.Id), out var margin) ? margin : null,
                });
            }
        }

        // A case's rank depends on the seed only: ranked once, for every review.
        var ranked = ReviewSampler.Rank(cases, seed);
        var items = new List<SampledItem>();
        for (var i = 0; i < gate.Reviews.Count; i++)
        {
            var review = gate.Reviews[i];
            var pool = i == 0 && inconclusive.Count > 0
                ? ranked.Select(c => inconclusive.Contains((c.Suite, c.Case)) ? c with { Inconclusive = true } : c).ToList()
                : ranked;
            items.AddRange(ReviewSampler.SampleRanked(review, pool).Select(s => new SampledItem(review.Id, s.Suite, s.Case, s.Reason)));
        }

        return items;
    }

    /// <summary>Each review settled from the input's verdicts, in gate order; null when the decision collects none (local <c>check</c>).</summary>
    private static List<ReviewOutcome>? Settle(DecisionInput input) =>
        input.ReviewItems is { } items
            ? input.Gate.Reviews.Select(r => ReviewSettlement.Settle(r, items, input.ReviewVerdicts, input.Submitter)).ToList()
            : null;

    /// <summary>
    /// The settled items as verdicts on their cases. A case two reviews settled takes a failing verdict over a passing one (fail
    /// closed), and among equals the first review's in gate order.
    /// </summary>
    private static List<HumanVerdict> HumanVerdicts(Gate gate, List<ReviewOutcome>? outcomes)
    {
        if (outcomes is null)
        {
            return [];
        }

        return outcomes
            .SelectMany(o => o.Items.Where(i => i.State == ReviewItemState.Settled && i.Pass is not null).Select(i => new HumanVerdict(
                o.Review, i.Item.Suite, i.Item.Case, i.Pass!.Value, i.Severity, i.Adjudicator ?? string.Join(", ", i.Reviewers), i.SettledAt ?? default, i.Reason ?? "")))
            .GroupBy(v => (v.Suite, v.Case))
            .Select(g => g.FirstOrDefault(v => !v.Pass) ?? g.First())
            .ToList();
    }

    private static IEnumerable<GateCheck> ReviewChecks(Gate gate, IEnumerable<SuiteView> views, List<ReviewOutcome>? outcomes)
    {
        var cases = views.SelectMany(v => v.Cases).ToList();
        for (var r = 0; r < gate.Reviews.Count; r++)
        {
            var review = gate.Reviews[r];
            var threshold = new JsonObject { ["group"] = review.Group, ["reviewers_per_item"] = review.ReviewersPerItem };
            if (review.MinAgreement is { } agreement)
            {
                threshold["min_agreement"] = agreement;
            }

            // A local check keeps the threshold it always had unless the gate names an adjudicator.
            if (review.Adjudicator is not null || outcomes is not null)
            {
                threshold["adjudicator"] = review.AdjudicatorGroup;
            }

            var takesInconclusive = r == 0 && gate.Evals.Any(e => e.NoRegression is { OnInconclusive: InconclusiveAction.Review, Method: RegressionMethod.McNemar });
            yield return outcomes is null ? Sampling(review, cases, threshold, takesInconclusive) : Settlement(review, outcomes[r], threshold);
        }
    }

    /// <summary>A review as a local check sees it: pending, with how many items the gate's sample takes.</summary>
    private static GateCheck Sampling(ReviewRequirement review, List<CaseView> cases, JsonObject threshold, bool takesInconclusive)
    {
        // A case without a result has no output to review (the server's sample leaves it out too); it is not a failure.
        var missing = cases.Count(c => c.Outcome == CaseOutcome.Missing);
        var judged = cases.Where(c => c.Outcome != CaseOutcome.Missing).ToList();

        // The automated outcome, as the sample sees it: a verdict cannot decide which items are sampled.
        var failures = judged.Count(c => (c.Automated ?? c.Outcome) != CaseOutcome.Pass);
        var passing = judged.Count - failures;
        var fromFailures = ReviewSampler.Share(failures, review.SampleFailures);
        var fromPassing = ReviewSampler.Share(passing, review.SamplePassing);
        var items = Math.Min(judged.Count, Math.Max(review.SampleMin, fromFailures + fromPassing));
        var extra = new List<string>();
        if (review.SampleSlices.Count > 0)
        {
            extra.Add("per-slice minimums (" + string.Join(", ", review.SampleSlices.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}")) + ")");
        }

        if (review.JudgeBand is { } band)
        {
            extra.Add($"every case whose llm-rubric score is within {band.ToString(System.Globalization.CultureInfo.InvariantCulture)} of its threshold");
        }

        if (takesInconclusive)
        {
            extra.Add("the cases behind an inconclusive comparison");
        }

        if (judged.Count == 0 && missing > 0)
        {
            return new GateCheck
            {
                Id = $"reviews/{review.Id}",
                Status = CheckStatus.Pending,
                Summary = "no output to review yet: " + (missing == 1 ? "the only case has no result" : $"none of the {missing} cases has a result")
                    + " (missing); the sample is taken from the results, and the server collects the verdicts.",
                Measured = new JsonObject { ["items"] = 0, ["from_failures"] = 0, ["from_passing"] = 0 },
                Threshold = threshold,
            };
        }

        return new GateCheck
        {
            Id = $"reviews/{review.Id}",
            Status = CheckStatus.Pending,
            Summary = (extra.Count > 0 ? "at least " : "") + $"{items} {Plural(items, "output needs", "outputs need")} review by {review.Group} ({review.ReviewersPerItem} {Plural(review.ReviewersPerItem, "reviewer", "reviewers")} each): {Percent(review.SampleFailures)} of {failures} failures and {Percent(review.SamplePassing)} of {passing} passing cases"
                + (items > fromFailures + fromPassing ? $", topped up to the minimum of {review.SampleMin}" : "")
                + (extra.Count > 0 ? ", plus " + string.Join(" and ", extra) : "")
                + (missing > 0 ? $"; {missing} {Plural(missing, "case has", "cases have")} no result (missing) and no output to review" : "")
                + "; the server collects the verdicts.",
            Measured = new JsonObject { ["items"] = items, ["from_failures"] = fromFailures, ["from_passing"] = fromPassing },
            Threshold = threshold,
        };
    }

    /// <summary>A review whose verdicts are collected: pending until every item is settled, then passed.</summary>
    private static GateCheck Settlement(ReviewRequirement review, ReviewOutcome outcome, JsonObject threshold)
    {
        var items = outcome.Items.Count;
        var settled = outcome.Items.Count(i => i.State == ReviewItemState.Settled);
        var awaitingReviewers = outcome.Items.Count(i => i.State == ReviewItemState.AwaitingReviewers);
        var awaitingAdjudication = outcome.Items.Count(i => i.State == ReviewItemState.AwaitingAdjudication);
        var measured = new JsonObject
        {
            ["items"] = items,
            ["settled"] = settled,
            ["awaiting_reviewers"] = awaitingReviewers,
            ["awaiting_adjudication"] = awaitingAdjudication,
        };
        var agreementText = "";
        if (outcome.Agreement is { } figures)
        {
            var method = review.ReviewersPerItem == 2 ? "cohen" : "fleiss";
            measured["agreement"] = new JsonObject
            {
                ["percent"] = Round(figures.Percent),
                ["kappa"] = figures.Kappa is { } kappa ? Round(kappa) : null,
                ["method"] = method,
                ["items"] = figures.Items,
            };
            agreementText = $"; agreement {Percent(figures.Percent)}"
                + (figures.Kappa is { } k ? $", {(method == "cohen" ? "Cohen's" : "Fleiss'")} kappa {Round(k).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}" : ", kappa undefined (every verdict the same)")
                + $" over {figures.Items} {Plural(figures.Items, "item", "items")}";
        }

        var check = new GateCheck { Id = $"reviews/{review.Id}", Status = CheckStatus.Pending, Summary = "", Measured = measured, Threshold = threshold };
        if (items == 0)
        {
            return check with { Status = CheckStatus.Pass, Summary = $"nothing to review: the sample of {review.Group} holds no item." };
        }

        if (settled == items)
        {
            var failed = outcome.Items.Count(i => i.Pass == false);
            return check with
            {
                Status = CheckStatus.Pass,
                Summary = $"all {items} {Plural(items, "item is", "items are")} settled by {review.Group}: {items - failed} pass, {failed} fail{agreementText}; the verdicts replace the automated outcomes.",
            };
        }

        var waiting = new List<string>();
        if (awaitingReviewers > 0)
        {
            waiting.Add($"{awaitingReviewers} {Plural(awaitingReviewers, "awaits", "await")} reviewers from {review.Group} ({review.ReviewersPerItem} {Plural(review.ReviewersPerItem, "verdict", "verdicts")} each)");
        }

        if (awaitingAdjudication > 0)
        {
            waiting.Add($"{awaitingAdjudication} {Plural(awaitingAdjudication, "awaits", "await")} adjudication by {review.AdjudicatorGroup}");
        }

        return check with { Summary = $"{settled} of {items} {Plural(items, "item", "items")} settled; {string.Join(" and ", waiting)}{agreementText}." };
    }
}
