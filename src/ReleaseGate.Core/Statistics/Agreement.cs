namespace ReleaseGate.Core.Statistics;

/// <summary>
/// Agreement between reviewers who each gave one verdict (a category, such as pass or fail) per item: Cohen's kappa for
/// two reviewers, Fleiss' kappa for a fixed number of reviewers per item, and the percent agreement behind each.
/// docs/reviews.md gives the formulas.
/// </summary>
public static class Agreement
{
    /// <summary>
    /// Cohen's kappa for two reviewers: κ = (p_o − p_e) / (1 − p_e), where p_o is the share of items both put in the same
    /// category and p_e = Σ_c p_first(c) · p_second(c) is the agreement their own category shares would give by chance.
    /// </summary>
    /// <param name="pairs">Per item, the first and the second reviewer's category, each in [0, <paramref name="categories"/>).</param>
    /// <param name="categories">How many categories there are.</param>
    /// <exception cref="ArgumentException">No items, or a category out of range.</exception>
    public static AgreementFigures Cohen(IReadOnlyList<(int First, int Second)> pairs, int categories)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0 || categories < 1)
        {
            throw new ArgumentException("agreement needs at least one item and one category", nameof(pairs));
        }

        var first = new double[categories];
        var second = new double[categories];
        var agreeing = 0;
        foreach (var (a, b) in pairs)
        {
            if ((uint)a >= (uint)categories || (uint)b >= (uint)categories)
            {
                throw new ArgumentException($"a category is out of range [0, {categories})", nameof(pairs));
            }

            first[a]++;
            second[b]++;
            agreeing += a == b ? 1 : 0;
        }

        double n = pairs.Count;
        var observed = agreeing / n;
        var chance = 0.0;
        for (var c = 0; c < categories; c++)
        {
            chance += first[c] / n * (second[c] / n);
        }

        return new AgreementFigures(pairs.Count, observed, Kappa(observed, chance));
    }

    /// <summary>
    /// Fleiss' kappa for <c>m</c> reviewers per item (reviewers need not be the same people across items): with n_ic the
    /// verdicts of item i in category c, P_i = (Σ_c n_ic² − m) / (m(m − 1)) is the share of agreeing pairs on item i,
    /// P̄ their mean (the percent agreement), p_c the share of all verdicts in category c, P̄_e = Σ_c p_c², and
    /// κ = (P̄ − P̄_e) / (1 − P̄_e).
    /// </summary>
    /// <param name="counts">Per item, the number of verdicts in each category; every item has the same number of categories and the same total, at least 2.</param>
    /// <exception cref="ArgumentException">No items, fewer than two verdicts an item, or items with different totals or categories.</exception>
    public static AgreementFigures Fleiss(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            throw new ArgumentException("agreement needs at least one item", nameof(counts));
        }

        var categories = counts[0].Count;
        var raters = counts[0].Sum();
        if (raters < 2)
        {
            throw new ArgumentException("agreement needs at least two verdicts an item", nameof(counts));
        }

        var totals = new double[categories];
        var pairShares = 0.0;
        foreach (var item in counts)
        {
            if (item.Count != categories || item.Sum() != raters || item.Any(c => c < 0))
            {
                throw new ArgumentException($"every item needs {raters} verdicts over {categories} categories", nameof(counts));
            }

            var squares = 0.0;
            for (var c = 0; c < categories; c++)
            {
                squares += (double)item[c] * item[c];
                totals[c] += item[c];
            }

            pairShares += (squares - raters) / (raters * (raters - 1.0));
        }

        var observed = pairShares / counts.Count;
        var all = (double)counts.Count * raters;
        var chance = totals.Sum(t => t / all * (t / all));
        return new AgreementFigures(counts.Count, observed, Kappa(observed, chance));
    }

    // Undefined when chance alone agrees completely: every verdict is in one category.
    private static double? Kappa(double observed, double chance) =>
        1 - chance < 1e-12 ? null : (observed - chance) / (1 - chance);
}
