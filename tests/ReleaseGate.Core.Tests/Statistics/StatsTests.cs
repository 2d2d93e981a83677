using ReleaseGate.Core.Statistics;
using Xunit;

namespace ReleaseGate.Core.Tests.Statistics;

public class StatsTests
{
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.95, 1.6448536269514722)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.99, 2.3263478740408408)]
    [InlineData(0.05, -1.6448536269514722)]
    [InlineData(1e-10, -6.361340902404056)]
    public void NormalQuantile_matches_reference_values(double p, double z)
    {
        Assert.Equal(z, Stats.NormalQuantile(p), 1e-9);
    }

    [Fact]
    public void Wilson_lower_bound_of_8_of_10_at_95_percent()
    {
        // z = 1.6449; (p + z²/2n − z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n) = 0.5408
        Assert.Equal(0.5408, Stats.WilsonLowerBound(8, 10, 0.95), 3);
    }

    [Fact]
    public void Wilson_lower_bound_is_below_the_point_estimate_and_grows_with_n()
    {
        var small = Stats.WilsonLowerBound(95, 100, 0.95);
        var large = Stats.WilsonLowerBound(9500, 10000, 0.95);

        Assert.True(small < 0.95);
        Assert.True(large < 0.95);
        Assert.True(large > small);
    }

    [Theory]
    [InlineData(14, 16, 137.0 / 65536)]   // C(16,14)+C(16,15)+C(16,16) = 120+16+1
    [InlineData(0, 5, 1.0)]
    [InlineData(3, 3, 0.125)]
    [InlineData(1, 1, 0.5)]
    [InlineData(5, 10, 638.0 / 1024)]
    [InlineData(4, 3, 0.0)]
    public void Binomial_upper_tail_matches_exact_sums(long k, long n, double expected)
    {
        Assert.Equal(expected, Stats.BinomialUpperTailHalf(k, n), 12);
    }

    [Fact]
    public void Binomial_upper_tail_is_stable_for_large_n()
    {
        var p = Stats.BinomialUpperTailHalf(5_100, 10_000);

        // Normal approximation: z = (5100 − 0.5 − 5000)/50 = 1.99, P ≈ 0.0233.
        Assert.InRange(p, 0.022, 0.0245);
    }
}
