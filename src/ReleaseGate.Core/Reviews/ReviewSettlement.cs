using ReleaseGate.Core.Model;
using ReleaseGate.Core.Statistics;

namespace ReleaseGate.Core.Reviews;

/// <summary>
/// Settles the items of one review from the verdicts people gave: a pure function, so that the server and a re-derivation
/// of any recorded decision reach the same settlement. docs/reviews.md ("Agreement and settlement") states the rules.
/// It fails closed: an item that is not settled has no verdict, and nothing unsettled ever counts as a pass.
/// </summary>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static class ReviewSettlement
{
    /// <summary>Where each item of <paramref name="review"/> stands, and how far its reviewers agree.</summary>
    /// <param name="review">The review.</param>
    /// <param name="items">The items sampled; those of other reviews are left out.</param>
    /// <param name="verdicts">Every verdict given, in any order; only those on this review's items count.</param>
    /// <param name="submitter">Who submitted the release: their verdicts never count.</param>
    public static ReviewOutcome Settle(ReviewRequirement review, IReadOnlyList<SampledItem> items, IReadOnlyList<ReviewVerdict> verdicts, string? submitter)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(verdicts);
        var k = Math.Max(1, review.ReviewersPerItem);
        var mine = items.Where(i => i.Review == review.Id).DistinctBy(i => (i.Suite, i.Case)).ToList();
        var byCase = verdicts
            .Where(v => v.Review == review.Id && v.Reviewer != submitter)
            .GroupBy(v => (v.Suite, v.Case))
            .ToDictionary(g => g.Key, g => g.OrderBy(v => v.At).ThenBy(v => v.Reviewer, StringComparer.Ordinal).ThenBy(v => v.Pass).ToList());
        var counted = mine.Select(i => Counted(byCase.GetValueOrDefault((i.Suite, i.Case)), k)).ToList();
        var complete = counted.Where(c => c.Count == k).ToList();
        var agreement = k >= 2 && complete.Count > 0 ? Figures(complete, k) : null;
        var allComplete = complete.Count == mine.Count;
        var agreed = review.MinAgreement is not { } min || (agreement is not null && (agreement.Kappa ?? agreement.Percent) >= min);
        var lastVerdict = counted.SelectMany(c => c).Select(v => (DateTimeOffset?)v.At).Max();
        var result = new List<SettledItem>(mine.Count);
        for (var i = 0; i < mine.Count; i++)
        {
            var item = mine[i];
            var those = counted[i];
            var people = those.Select(v => v.Reviewer).ToList();
            if (those.Count < k)
            {
                result.Add(new SettledItem(item, ReviewItemState.AwaitingReviewers, null, null, people, null, null));
                continue;
            }

            var fails = those.Count(v => !v.Pass);
            if (fails == 0 || fails == k)
            {
                result.Add(Settled(item, those, people, those[^1].At, "unanimous"));
                continue;
            }

            var adjudication = byCase[(item.Suite, item.Case)]
                .FirstOrDefault(v => v.Adjudication && !people.Contains(v.Reviewer, StringComparer.Ordinal));
            if (adjudication is not null)
            {
                result.Add(new SettledItem(
                    item, ReviewItemState.Settled, adjudication.Pass, adjudication.Pass ? null : adjudication.Severity, people, adjudication.Reviewer,
                    $"adjudicated by {adjudication.Reviewer} ({Tally(those)}): {adjudication.Comment}")
                { SettledAt = adjudication.At });
                continue;
            }

            var tie = fails * 2 == k;
            if (tie || (allComplete && !agreed))
            {
                // A tie stays a tie whatever the other items do, so it goes to adjudication at once.
                result.Add(new SettledItem(item, ReviewItemState.AwaitingAdjudication, null, null, people, null, null));
                continue;
            }

            if (!allComplete)
            {
                // Whether a majority may settle it depends on the agreement over the whole review, known once every item is complete.
                result.Add(new SettledItem(item, ReviewItemState.AwaitingReviewers, null, null, people, null, null));
                continue;
            }

            var pass = fails * 2 < k;
            result.Add(Settled(item, those.Where(v => v.Pass == pass).ToList(), people, lastVerdict!.Value, $"majority, {Tally(those)}"));
        }

        return new ReviewOutcome(review.Id, result, agreement);
    }

    /// <summary>The verdicts that count on one item: one a person (their earliest), not adjudications, the first <paramref name="k"/>.</summary>
    private static List<ReviewVerdict> Counted(List<ReviewVerdict>? verdicts, int k) =>
        verdicts is null ? [] : verdicts.Where(v => !v.Adjudication).DistinctBy(v => v.Reviewer, StringComparer.Ordinal).Take(k).ToList();

    private static SettledItem Settled(SampledItem item, List<ReviewVerdict> deciding, List<string> people, DateTimeOffset at, string how)
    {
        var pass = deciding[0].Pass;
        var severity = pass ? null : Worst(deciding.Select(v => v.Severity));
        var comments = string.Join("; ", deciding.Where(v => v.Comment.Length > 0).Select(v => $"{v.Reviewer}: {v.Comment}"));
        var reason = $"{(pass ? "pass" : "fail")} by {string.Join(", ", deciding.Select(v => v.Reviewer))} ({how})" + (comments.Length > 0 ? $": {comments}" : "");
        return new SettledItem(item, ReviewItemState.Settled, pass, severity, people, null, reason) { SettledAt = at };
    }

    private static string Tally(List<ReviewVerdict> verdicts)
    {
        var passes = verdicts.Count(v => v.Pass);
        return $"{passes} pass, {verdicts.Count - passes} fail";
    }

    // Severity is declared most severe first, and Min skips nulls: the worst given, or null when none was.
    private static Severity? Worst(IEnumerable<Severity?> severities) => severities.Min();

    /// <summary>Agreement over complete items, pass and fail as the two categories: Cohen's kappa for two reviewers, Fleiss' for more.</summary>
    private static AgreementFigures Figures(List<List<ReviewVerdict>> complete, int k) => k == 2
        ? Agreement.Cohen(complete.Select(c => (Category(c[0]), Category(c[1]))).ToList(), 2)
        : Agreement.Fleiss(complete.Select(c => (IReadOnlyList<int>)[c.Count(v => v.Pass), c.Count(v => !v.Pass)]).ToList());

    private static int Category(ReviewVerdict verdict) => verdict.Pass ? 0 : 1;
}
