using CsCheck;
using ReleaseGate.Core.Statistics;
using Xunit;

namespace ReleaseGate.Core.Tests.Statistics;

public class AgreementTests
{
    private const int Yes = 0;
    private const int No = 1;

    // Two raters, yes/no, as a 2x2 table: both yes, first yes and second no, first no and second yes, both no.
    private static List<(int, int)> Table(int yesYes, int yesNo, int noYes, int noNo) =>
    [
        .. Enumerable.Repeat((Yes, Yes), yesYes), .. Enumerable.Repeat((Yes, No), yesNo),
        .. Enumerable.Repeat((No, Yes), noYes), .. Enumerable.Repeat((No, No), noNo),
    ];

    // Worked examples of Cohen's kappa (Wikipedia, "Cohen's kappa"): p_o and p_e by hand, kappa = (p_o - p_e) / (1 - p_e).
    [Theory]
    [InlineData(20, 5, 10, 15, 0.70, 0.4)]        // p_e = .5 x .6 + .5 x .4 = .5
    [InlineData(45, 15, 25, 15, 0.60, 0.1304)]    // p_e = .6 x .7 + .4 x .3 = .54
    [InlineData(25, 35, 5, 35, 0.60, 0.2593)]     // p_e = .6 x .3 + .4 x .7 = .46
    public void Cohen_matches_worked_examples(int yesYes, int yesNo, int noYes, int noNo, double percent, double kappa)
    {
        var figures = Agreement.Cohen(Table(yesYes, yesNo, noYes, noNo), categories: 2);

        Assert.Equal(yesYes + yesNo + noYes + noNo, figures.Items);
        Assert.Equal(percent, figures.Percent, 4);
        Assert.Equal(kappa, figures.Kappa!.Value, 4);
    }

    // Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa"): 10 subjects, 14 raters, 5 categories; P-bar = 0.378,
    // P-bar-e = 0.213, kappa = 0.210.
    [Fact]
    public void Fleiss_matches_the_worked_example()
    {
        int[][] counts =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];

        var figures = Agreement.Fleiss(counts);

        Assert.Equal(10, figures.Items);
        Assert.Equal(0.378, figures.Percent, 3);
        Assert.Equal(0.210, figures.Kappa!.Value, 3);
    }

    [Fact]
    public void Complete_agreement_over_both_verdicts_is_kappa_one_and_one_verdict_everywhere_leaves_kappa_undefined()
    {
        Assert.Equal(1, Agreement.Cohen(Table(3, 0, 0, 2), 2).Kappa);
        Assert.Equal(1, Agreement.Fleiss([[3, 0], [0, 3]]).Kappa);

        var unanimous = Agreement.Cohen(Table(5, 0, 0, 0), 2);
        Assert.Equal(1, unanimous.Percent);
        Assert.Null(unanimous.Kappa);
        Assert.Null(Agreement.Fleiss([[3, 0], [3, 0]]).Kappa);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Agreement.Cohen([], 2));
        Assert.Throws<ArgumentException>(() => Agreement.Cohen([(0, 2)], 2));
        Assert.Throws<ArgumentException>(() => Agreement.Fleiss([]));
        Assert.Throws<ArgumentException>(() => Agreement.Fleiss([[1, 0]]));
        Assert.Throws<ArgumentException>(() => Agreement.Fleiss([[2, 0], [1, 2]]));
    }

    // Two reviewers per item: Fleiss' percent agreement (the mean share of agreeing pairs) is Cohen's p_o, and both kappas
    // lie in [-1, 1].
    [Fact]
    public void With_two_reviewers_the_percent_agreement_is_the_same_both_ways_and_kappas_are_bounded()
    {
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 1]).List[1, 60].Sample(pairs =>
        {
            var cohen = Agreement.Cohen(pairs.Select(p => (p.Item1, p.Item2)).ToList(), 2);
            var counts = pairs.Select(p => (IReadOnlyList<int>)[Count(0, p), Count(1, p)]).ToList();
            var fleiss = Agreement.Fleiss(counts);
            Assert.Equal(cohen.Percent, fleiss.Percent, 9);
            Assert.InRange(cohen.Kappa ?? 0, -1, 1);
            Assert.InRange(fleiss.Kappa ?? 0, -1, 1);
        });
    }

    private static int Count(int category, (int, int) pair) => (pair.Item1 == category ? 1 : 0) + (pair.Item2 == category ? 1 : 0);
}
