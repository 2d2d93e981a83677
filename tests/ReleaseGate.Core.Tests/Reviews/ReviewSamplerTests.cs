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

    [Theory]
    [InlineData(100, 0.07, 7)]
    [InlineData(100, 0.05, 5)]
    [InlineData(3, 0.01, 1)]
    [InlineData(0, 0.5, 0)]
    [InlineData(10, 1.0, 10)]
    public void A_share_rounds_up_but_not_past_a_whole_number(int count, double share, int expected) =>
        Assert.Equal(expected, ReviewSampler.Share(count, share));
}
