using CsCheck;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;
using Xunit;

namespace ReleaseGate.Core.Tests.Reviews;

public class ReviewSettlementTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static ReviewRequirement Review(int k = 1, double? minAgreement = null) =>
        new() { Id = "experts", Group = "experts", ReviewersPerItem = k, MinAgreement = minAgreement };

    private static List<SampledItem> Items(params string[] cases) => cases.Select(c => new SampledItem("experts", "core", c, "failure")).ToList();

    private static ReviewVerdict V(string @case, string reviewer, bool pass, int minute, Severity? severity = null, bool adjudication = false, string comment = "", string review = "experts") =>
        new(review, "core", @case, reviewer, pass, severity, comment, T0.AddMinutes(minute), adjudication);

    private static SettledItem Only(ReviewOutcome outcome) => Assert.Single(outcome.Items);

    [Fact]
    public void One_verdict_settles_an_item_of_a_single_reviewer_review()
    {
        var item = Only(ReviewSettlement.Settle(Review(), Items("c1"), [V("c1", "lena", false, 1, comment: "wrong refund")], "sam"));

        Assert.Equal(ReviewItemState.Settled, item.State);
        Assert.False(item.Pass);
        Assert.Equal(["lena"], item.Reviewers);
        Assert.Null(item.Adjudicator);
        Assert.Equal(T0.AddMinutes(1), item.SettledAt);
        Assert.Contains("lena: wrong refund", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_without_verdicts_awaits_reviewers_and_has_no_verdict()
    {
        var item = Only(ReviewSettlement.Settle(Review(), Items("c1"), [], null));

        Assert.Equal(ReviewItemState.AwaitingReviewers, item.State);
        Assert.Null(item.Pass);
        Assert.Null(item.Reason);
    }

    [Fact]
    public void The_submitters_verdict_never_counts()
    {
        var item = Only(ReviewSettlement.Settle(Review(), Items("c1"), [V("c1", "sam", true, 1)], "sam"));

        Assert.Equal(ReviewItemState.AwaitingReviewers, item.State);
        Assert.Empty(item.Reviewers);
    }

    [Fact]
    public void One_person_counts_once_per_item_with_their_earliest_verdict()
    {
        var outcome = ReviewSettlement.Settle(Review(k: 2), Items("c1"), [V("c1", "lena", false, 2), V("c1", "lena", true, 1)], null);

        var item = Only(outcome);
        Assert.Equal(ReviewItemState.AwaitingReviewers, item.State);
        Assert.Equal(["lena"], item.Reviewers);
    }

    [Fact]
    public void Only_the_first_k_verdicts_count_and_later_ones_are_ignored()
    {
        var item = Only(ReviewSettlement.Settle(Review(k: 2), Items("c1"), [V("c1", "a", true, 1), V("c1", "b", true, 2), V("c1", "c", false, 3)], null));

        Assert.Equal(ReviewItemState.Settled, item.State);
        Assert.True(item.Pass);
        Assert.Equal(["a", "b"], item.Reviewers);
    }

    [Fact]
    public void Verdicts_on_other_reviews_and_items_of_other_reviews_are_left_out()
    {
        var items = Items("c1").Append(new SampledItem("legal", "core", "c2", "passing")).ToList();
        var outcome = ReviewSettlement.Settle(Review(), items, [V("c1", "lena", false, 1, review: "legal")], null);

        var item = Only(outcome);
        Assert.Equal("c1", item.Item.Case);
        Assert.Equal(ReviewItemState.AwaitingReviewers, item.State);
    }

    [Fact]
    public void A_unanimous_fail_takes_the_worst_severity_its_reviewers_gave()
    {
        var item = Only(ReviewSettlement.Settle(Review(k: 2), Items("c1"), [V("c1", "a", false, 1, Severity.High), V("c1", "b", false, 2, Severity.Critical)], null));

        Assert.False(item.Pass);
        Assert.Equal(Severity.Critical, item.Severity);
        Assert.Equal(T0.AddMinutes(2), item.SettledAt);
    }

    [Fact]
    public void A_pass_carries_no_severity()
    {
        var item = Only(ReviewSettlement.Settle(Review(), Items("c1"), [V("c1", "a", true, 1, Severity.Critical)], null));

        Assert.True(item.Pass);
        Assert.Null(item.Severity);
    }

    [Fact]
    public void Two_reviewers_who_disagree_wait_for_an_adjudicator()
    {
        var item = Only(ReviewSettlement.Settle(Review(k: 2), Items("c1"), [V("c1", "a", false, 1), V("c1", "b", true, 2)], null));

        Assert.Equal(ReviewItemState.AwaitingAdjudication, item.State);
        Assert.Null(item.Pass);
    }

    [Fact]
    public void A_tie_goes_to_adjudication_at_once_while_other_items_still_wait()
    {
        var outcome = ReviewSettlement.Settle(Review(k: 2), Items("c1", "c2"), [V("c1", "a", false, 1), V("c1", "b", true, 2), V("c2", "a", true, 3)], null);

        Assert.Equal([ReviewItemState.AwaitingAdjudication, ReviewItemState.AwaitingReviewers], outcome.Items.Select(i => i.State));
    }

    [Fact]
    public void An_adjudication_by_someone_else_settles_a_disputed_item_with_their_severity()
    {
        var verdicts = new[]
        {
            V("c1", "a", false, 1, Severity.Low), V("c1", "b", true, 2),
            V("c1", "a", true, 3, adjudication: true),
            V("c1", "sam", true, 4, adjudication: true),
            V("c1", "ada", false, 5, Severity.High, adjudication: true, comment: "breaks the refund policy"),
            V("c1", "eve", true, 6, adjudication: true),
        };

        var item = Only(ReviewSettlement.Settle(Review(k: 2), Items("c1"), verdicts, "sam"));

        Assert.Equal(ReviewItemState.Settled, item.State);
        Assert.False(item.Pass);
        Assert.Equal("ada", item.Adjudicator);
        Assert.Equal(Severity.High, item.Severity);
        Assert.Equal(T0.AddMinutes(5), item.SettledAt);
        Assert.Contains("breaks the refund policy", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_adjudication_does_not_overturn_a_unanimous_item()
    {
        var item = Only(ReviewSettlement.Settle(Review(k: 2), Items("c1"), [V("c1", "a", true, 1), V("c1", "b", true, 2), V("c1", "ada", false, 3, adjudication: true)], null));

        Assert.True(item.Pass);
        Assert.Null(item.Adjudicator);
    }

    [Fact]
    public void An_adjudication_is_not_one_of_the_k_verdicts()
    {
        var item = Only(ReviewSettlement.Settle(Review(k: 2), Items("c1"), [V("c1", "a", true, 1), V("c1", "ada", false, 2, adjudication: true)], null));

        Assert.Equal(ReviewItemState.AwaitingReviewers, item.State);
        Assert.Equal(["a"], item.Reviewers);
    }

    [Fact]
    public void A_majority_settles_a_split_item_once_every_item_is_complete_and_no_minimum_agreement_is_set()
    {
        var verdicts = new List<ReviewVerdict> { V("c1", "a", false, 1, Severity.High), V("c1", "b", false, 2, Severity.Medium), V("c1", "c", true, 3, Severity.Critical) };

        var waiting = ReviewSettlement.Settle(Review(k: 3), Items("c1", "c2"), verdicts, null);
        Assert.Equal([ReviewItemState.AwaitingReviewers, ReviewItemState.AwaitingReviewers], waiting.Items.Select(i => i.State));

        verdicts.AddRange([V("c2", "a", true, 4), V("c2", "b", true, 5), V("c2", "c", true, 6)]);
        var settled = ReviewSettlement.Settle(Review(k: 3), Items("c1", "c2"), verdicts, null);

        var split = settled.Items[0];
        Assert.Equal(ReviewItemState.Settled, split.State);
        Assert.False(split.Pass);
        Assert.Equal(Severity.High, split.Severity);
        Assert.Equal(T0.AddMinutes(6), split.SettledAt);
        Assert.Contains("majority", split.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Agreement_below_the_minimum_sends_split_items_to_adjudication_and_settles_the_rest()
    {
        // Fleiss, k = 3: c1 2 fail / 1 pass, c2 and c3 all pass. P_i = 1/3, 1, 1: P̄ = 7/9; p_pass = 7/9, p_fail = 2/9,
        // P̄_e = 53/81; κ = (63/81 − 53/81) / (28/81) = 10/28 ≈ 0.357 < 0.5.
        var verdicts = new[]
        {
            V("c1", "a", false, 1), V("c1", "b", false, 2), V("c1", "c", true, 3),
            V("c2", "a", true, 4), V("c2", "b", true, 5), V("c2", "c", true, 6),
            V("c3", "a", true, 7), V("c3", "b", true, 8), V("c3", "c", true, 9),
        };

        var outcome = ReviewSettlement.Settle(Review(k: 3, minAgreement: 0.5), Items("c1", "c2", "c3"), verdicts, null);

        Assert.Equal([ReviewItemState.AwaitingAdjudication, ReviewItemState.Settled, ReviewItemState.Settled], outcome.Items.Select(i => i.State));
        Assert.NotNull(outcome.Agreement);
        Assert.Equal(3, outcome.Agreement.Items);
        Assert.Equal(7.0 / 9, outcome.Agreement.Percent, 9);
        Assert.Equal(10.0 / 28, outcome.Agreement.Kappa!.Value, 9);

        var lenient = ReviewSettlement.Settle(Review(k: 3, minAgreement: 0.3), Items("c1", "c2", "c3"), verdicts, null);
        Assert.All(lenient.Items, i => Assert.Equal(ReviewItemState.Settled, i.State));
    }

    [Fact]
    public void Cohens_kappa_for_two_reviewers_matches_the_worked_example()
    {
        // Ten items: both pass on 6, both fail on 2, split once each way. p_o = 0.8; each reviewer passes 7 of 10, so
        // p_e = 0.7·0.7 + 0.3·0.3 = 0.58 and κ = (0.8 − 0.58) / (1 − 0.58) = 0.5238.
        var pairs = new (bool First, bool Second)[] { (true, true), (true, true), (true, true), (true, true), (true, true), (true, true), (false, false), (false, false), (true, false), (false, true) };
        var cases = pairs.Select((_, i) => $"c{i}").ToArray();
        var verdicts = pairs.SelectMany((p, i) => new[] { V($"c{i}", "a", p.First, 2 * i), V($"c{i}", "b", p.Second, (2 * i) + 1) }).ToList();

        var outcome = ReviewSettlement.Settle(Review(k: 2), Items(cases), verdicts, null);

        Assert.Equal(10, outcome.Agreement!.Items);
        Assert.Equal(0.8, outcome.Agreement.Percent, 9);
        Assert.Equal(0.22 / 0.42, outcome.Agreement.Kappa!.Value, 9);
        Assert.Equal(2, outcome.Items.Count(i => i.State == ReviewItemState.AwaitingAdjudication));
    }

    [Fact]
    public void Agreement_is_left_out_for_one_reviewer_an_item_or_without_a_complete_item()
    {
        Assert.Null(ReviewSettlement.Settle(Review(), Items("c1"), [V("c1", "a", true, 1)], null).Agreement);
        Assert.Null(ReviewSettlement.Settle(Review(k: 2), Items("c1"), [V("c1", "a", true, 1)], null).Agreement);
    }

    [Fact]
    public void When_every_verdict_is_the_same_kappa_is_undefined_and_percent_agreement_meets_the_minimum()
    {
        var outcome = ReviewSettlement.Settle(Review(k: 2, minAgreement: 0.9), Items("c1", "c2"), [V("c1", "a", true, 1), V("c1", "b", true, 2), V("c2", "a", true, 3), V("c2", "b", true, 4)], null);

        Assert.Null(outcome.Agreement!.Kappa);
        Assert.Equal(1, outcome.Agreement.Percent);
        Assert.All(outcome.Items, i => Assert.Equal(ReviewItemState.Settled, i.State));
    }

    [Fact]
    public void Nothing_unsettled_has_a_verdict_and_the_result_does_not_depend_on_the_order_given()
    {
        var gen = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 4], Gen.Bool, Gen.Int[0, 30])
            .Select((item, person, pass, minute) => V($"c{item}", $"p{person}", pass, minute))
            .List[0, 40];
        Gen.Select(gen, Gen.Int[1, 3], Gen.Int).Sample((verdicts, k, shuffle) =>
        {
            var items = Items("c0", "c1", "c2", "c3", "c4", "c5");
            var outcome = ReviewSettlement.Settle(Review(k, 0.4), items, verdicts, "p0");
            var shuffled = verdicts.OrderBy(v => HashCode.Combine(shuffle, v.Case, v.Reviewer, v.At, v.Pass)).ToList();
            var again = ReviewSettlement.Settle(Review(k, 0.4), items, shuffled, "p0");

            Assert.All(outcome.Items, i => Assert.Equal(i.State == ReviewItemState.Settled, i.Pass is not null));
            Assert.All(outcome.Items, i => Assert.DoesNotContain("p0", i.Reviewers));
            Assert.All(outcome.Items, i => Assert.True(i.Reviewers.Count <= k && i.Reviewers.Distinct().Count() == i.Reviewers.Count));
            Assert.Equal(outcome.Items.Select(i => (i.State, i.Pass, string.Join(",", i.Reviewers))), again.Items.Select(i => (i.State, i.Pass, string.Join(",", i.Reviewers))));
        });
    }
}
