using CsCheck;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;
using Xunit;

namespace ReleaseGate.Core.Tests.Reviews;

public class ReviewSamplerTests
{
    private static readonly Gen<List<SampleCase>> Cases =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 300], Gen.Bool).List[0, 400]
            .Select(l => l.Select(t => new SampleCase($"s{t.Item1}", $"c{t.Item2}", t.Item3)).DistinctBy(c => (c.Suite, c.Case)).ToList());

    private static readonly Gen<ReviewRequirement> Reviews =
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[0, 60])
            .Select((f, p, min) => new ReviewRequirement { Id = "r", Group = "g", SampleFailures = f / 100.0, SamplePassing = p / 100.0, SampleMin = min });

    [Fact]
    public void The_same_seed_gives_the_same_items_in_any_order_of_the_cases()
    {
        Gen.Select(Cases, Reviews, Gen.Int).Sample((cases, review, shuffle) =>
        {
            var once = ReviewSampler.Sample(review, cases, "sha256:r|sha256:e");
            var shuffled = cases.OrderBy(c => HashCode.Combine(shuffle, c.Suite, c.Case)).ToList();
            Assert.Equal(once, ReviewSampler.Sample(review, shuffled, "sha256:r|sha256:e"));
        });
    }

    [Fact]
    public void The_shares_and_the_minimum_are_met_with_no_case_twice()
    {
        Gen.Select(Cases, Reviews).Sample((cases, review) =>
        {
            var items = ReviewSampler.Sample(review, cases, "seed");
            var failures = cases.Count(c => !c.Passed);
            var passing = cases.Count - failures;
            var expected = Math.Min(cases.Count, Math.Max(review.SampleMin, ReviewSampler.Share(failures, review.SampleFailures) + ReviewSampler.Share(passing, review.SamplePassing)));

            Assert.Equal(expected, items.Count);
            Assert.Equal(items.Count, items.Select(i => (i.Suite, i.Case)).Distinct().Count());
            Assert.All(items, i => Assert.Contains(cases, c => c.Suite == i.Suite && c.Case == i.Case));
            Assert.True(items.Count(i => i.Reason == "failure") == ReviewSampler.Share(failures, review.SampleFailures));
        });
    }

    [Fact]
    public void Failures_all_samples_every_failure()
    {
        Gen.Select(Cases, Reviews).Sample((cases, review) =>
        {
            var items = ReviewSampler.Sample(review with { SampleFailures = 1 }, cases, "seed").Select(i => (i.Suite, i.Case)).ToHashSet();
            Assert.All(cases.Where(c => !c.Passed), c => Assert.Contains((c.Suite, c.Case), items));
        });
    }

    [Fact]
    public void Another_seed_samples_other_cases()
    {
        var cases = Enumerable.Range(0, 1000).Select(i => new SampleCase("core", $"c{i}", Passed: true)).ToList();
        var review = new ReviewRequirement { Id = "r", Group = "g", SamplePassing = 0.05 };

        var one = ReviewSampler.Sample(review, cases, "sha256:release-1").Select(i => i.Case).ToHashSet();
        var other = ReviewSampler.Sample(review, cases, "sha256:release-2").Select(i => i.Case).ToHashSet();

        Assert.Equal(50, one.Count);
        Assert.Equal(50, other.Count);
        Assert.NotEqual(one, other);
    }

    private static readonly string[] s_slices = ["a", "b", "c"];

    /// <summary>Cases with slices, judge margins and inconclusive flags, as the gate's newer sample keys see them.</summary>
    private static readonly Gen<List<SampleCase>> RichCases =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 300], Gen.Bool, Gen.Int[0, 7], Gen.Int[-1, 40], Gen.Int[0, 30])
            .List[0, 400]
            .Select(l => l.Select(t => new SampleCase($"s{t.Item1}", $"c{t.Item2}", t.Item3)
            {
                Slices = s_slices.Where((_, i) => (t.Item4 & (1 << i)) != 0).ToList(),
                JudgeMargin = t.Item5 < 0 ? null : t.Item5 / 100.0,
                Inconclusive = t.Item6 == 0,
            }).DistinctBy(c => (c.Suite, c.Case)).ToList());

    private static readonly Gen<ReviewRequirement> RichReviews =
        Gen.Select(Reviews, Gen.Int[0, 20].Array[3], Gen.Int[-1, 20])
            .Select((review, minimums, band) => review with
            {
                SampleSlices = s_slices.Select((s, i) => (s, minimums[i])).Where(p => p.Item2 > 0).ToDictionary(p => p.s, p => p.Item2),
                JudgeBand = band < 0 ? null : band / 100.0,
            });

    [Fact]
    public void With_slices_judge_band_and_inconclusive_cases_the_sample_is_the_same_in_any_order()
    {
        Gen.Select(RichCases, RichReviews, Gen.Int).Sample((cases, review, shuffle) =>
        {
            var once = ReviewSampler.Sample(review, cases, "sha256:r\nsha256:e");
            var shuffled = cases.OrderBy(c => HashCode.Combine(shuffle, c.Suite, c.Case)).ToList();
            Assert.Equal(once, ReviewSampler.Sample(review, shuffled, "sha256:r\nsha256:e"));
        });
    }

    [Fact]
    public void Every_minimum_is_met_as_far_as_the_cases_allow_and_no_case_is_sampled_twice()
    {
        Gen.Select(RichCases, RichReviews).Sample((cases, review) =>
        {
            var items = ReviewSampler.Sample(review, cases, "seed");
            var sampled = items.Select(i => (i.Suite, i.Case)).ToHashSet();

            Assert.Equal(items.Count, sampled.Count);
            Assert.True(items.Count >= Math.Min(review.SampleMin, cases.Count));
            foreach (var (slice, min) in review.SampleSlices)
            {
                var members = cases.Where(c => c.Slices.Contains(slice)).ToList();
                Assert.True(members.Count(c => sampled.Contains((c.Suite, c.Case))) >= Math.Min(min, members.Count), $"slice {slice} needs {min}");
            }

            var failures = cases.Where(c => !c.Passed).ToList();
            Assert.True(failures.Count(c => sampled.Contains((c.Suite, c.Case))) >= ReviewSampler.Share(failures.Count, review.SampleFailures));
        });
    }

    [Fact]
    public void Inconclusive_and_judge_uncertain_cases_are_always_sampled_for_that_reason()
    {
        Gen.Select(RichCases, RichReviews).Sample((cases, review) =>
        {
            var reasons = ReviewSampler.Sample(review, cases, "seed").ToDictionary(i => (i.Suite, i.Case), i => i.Reason);
            foreach (var c in cases)
            {
                var expected = c.Inconclusive ? "inconclusive"
                    : review.JudgeBand is { } band && c.JudgeMargin is { } margin && margin <= band ? "judge"
                    : null;
                if (expected is not null)
                {
                    Assert.Equal(expected, reasons.GetValueOrDefault((c.Suite, c.Case)));
                }
            }
        });
    }

    [Fact]
    public void Failures_all_samples_every_failure_whatever_else_is_asked()
    {
        Gen.Select(RichCases, RichReviews).Sample((cases, review) =>
        {
            var items = ReviewSampler.Sample(review with { SampleFailures = 1 }, cases, "seed").Select(i => (i.Suite, i.Case)).ToHashSet();
            Assert.All(cases.Where(c => !c.Passed), c => Assert.Contains((c.Suite, c.Case), items));
        });
    }

    [Fact]
    public void A_slice_minimum_takes_the_slice_failures_first()
    {
        var cases = Enumerable.Range(0, 100).Select(i => new SampleCase("core", $"c{i:D3}", Passed: i >= 3) { Slices = i % 10 == 0 || i < 3 ? ["refunds"] : [] }).ToList();
        var review = new ReviewRequirement { Id = "r", Group = "g", SampleFailures = 0, SampleSlices = new Dictionary<string, int> { ["refunds"] = 4 } };

        var items = ReviewSampler.Sample(review, cases, "seed");

        Assert.Equal(4, items.Count);
        Assert.All(items, i => Assert.Equal("slice", i.Reason));
        Assert.Equal(["c000", "c001", "c002"], items.Where(i => i.Case is "c000" or "c001" or "c002").Select(i => i.Case));
        Assert.All(items, i => Assert.Contains("refunds", cases.Single(c => c.Case == i.Case).Slices));
    }

    [Fact]
    public void A_slice_with_fewer_cases_than_its_minimum_gives_all_it_has()
    {
        var cases = Enumerable.Range(0, 50).Select(i => new SampleCase("core", $"c{i}", Passed: true) { Slices = i < 2 ? ["vip"] : [] }).ToList();
        var review = new ReviewRequirement { Id = "r", Group = "g", SampleSlices = new Dictionary<string, int> { ["vip"] = 5 } };

        Assert.Equal(["c0", "c1"], ReviewSampler.Sample(review, cases, "seed").Select(i => i.Case));
    }

    [Fact]
    public void A_case_is_sampled_for_its_first_reason()
    {
        var cases = new[]
        {
            new SampleCase("core", "both", Passed: false) { Inconclusive = true, JudgeMargin = 0.01 },
            new SampleCase("core", "judged", Passed: false) { JudgeMargin = 0.05 },
            new SampleCase("core", "outside", Passed: false) { JudgeMargin = 0.3 },
            new SampleCase("core", "fine", Passed: true) { JudgeMargin = 0.3 },
        };
        var review = new ReviewRequirement { Id = "r", Group = "g", JudgeBand = 0.1 };

        var reasons = ReviewSampler.Sample(review, cases, "seed").ToDictionary(i => i.Case, i => i.Reason);

        Assert.Equal(new Dictionary<string, string> { ["both"] = "inconclusive", ["judged"] = "judge", ["outside"] = "failure" }, reasons);
    }

    [Theory]
    [InlineData(100, 0.07, 7)]
    [InlineData(100, 0.05, 5)]
    [InlineData(3, 0.01, 1)]
    [InlineData(0, 0.5, 0)]
    [InlineData(10, 1.0, 10)]
    public void A_share_rounds_up_but_not_past_a_whole_number(int count, double share, int expected) =>
        Assert.Equal(expected, ReviewSampler.Share(count, share));
}
