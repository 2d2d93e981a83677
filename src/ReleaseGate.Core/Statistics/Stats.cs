namespace ReleaseGate.Core.Statistics;

/// <summary>The few statistics the decision rules need, written out so that Core depends on nothing.</summary>
public static class Stats
{
    /// <summary>
    /// The one-sided Wilson score lower bound of a proportion: with <paramref name="confidence"/> = 0.95 the true pass
    /// rate is at least this value with 95% confidence.
    /// </summary>
    /// <param name="successes">Passed cases.</param>
    /// <param name="trials">All cases; 0 gives 0.</param>
    /// <param name="confidence">The one-sided level, in [0.5, 1).</param>
    public static double WilsonLowerBound(long successes, long trials, double confidence)
    {
        if (trials <= 0)
        {
            return 0;
        }

        var z = NormalQuantile(confidence);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var spread = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return Math.Max(0, (centre - spread) / (1 + (z2 / n)));
    }

    /// <summary>
    /// The exact one-sided binomial tail P(X ≥ <paramref name="k"/>) for X ~ Binomial(<paramref name="n"/>, ½): the
    /// McNemar p-value for k discordant pairs against the candidate out of n.
    /// </summary>
    public static double BinomialUpperTailHalf(long k, long n)
    {
        if (k <= 0)
        {
            return 1;
        }

        if (k > n)
        {
            return 0;
        }

        // Sum in log space from the mode outward, so large n neither overflows nor underflows.
        var logHalfN = -n * Math.Log(2);
        var logTerm = LogChoose(n, k) + logHalfN;
        var sum = 0.0;
        var max = logTerm;
        for (var i = k; i <= n; i++)
        {
            var term = Math.Exp(logTerm - max);
            sum += term;
            if (term < 1e-17 * sum)
            {
                break;
            }

            logTerm += Math.Log(n - i) - Math.Log(i + 1);
        }

        return Math.Min(1, Math.Exp(max + Math.Log(sum)));
    }

    /// <summary>The standard normal quantile (Wichura's AS 241, accurate to about 1e-16).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not strictly between 0 and 1.</exception>
    public static double NormalQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        var q = p - 0.5;
        if (Math.Abs(q) <= 0.425)
        {
            var r = 0.180625 - (q * q);
            return q * Horner(r, s_centralNumerator) / Horner(r, s_centralDenominator);
        }

        var rr = Math.Sqrt(-Math.Log(q < 0 ? p : 1 - p));
        var value = rr <= 5
            ? Horner(rr - 1.6, s_nearNumerator) / Horner(rr - 1.6, s_nearDenominator)
            : Horner(rr - 5, s_tailNumerator) / Horner(rr - 5, s_tailDenominator);
        return q < 0 ? -value : value;
    }

    // AS 241 coefficients, highest power first.
    private static readonly double[] s_centralNumerator =
    [
        2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
        13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608,
    ];

    private static readonly double[] s_centralDenominator =
    [
        5226.495278852545925, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867,
        5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1,
    ];

    private static readonly double[] s_nearNumerator =
    [
        7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258,
        3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734,
    ];

    private static readonly double[] s_nearDenominator =
    [
        1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459,
        0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1,
    ];

    private static readonly double[] s_tailNumerator =
    [
        2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093,
        0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772,
    ];

    private static readonly double[] s_tailDenominator =
    [
        2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4,
        0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1,
    ];

    private static double Horner(double x, double[] coefficients)
    {
        var sum = 0.0;
        foreach (var c in coefficients)
        {
            sum = (sum * x) + c;
        }

        return sum;
    }

    private static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(long n)
    {
        if (n < 2)
        {
            return 0;
        }

        if (n < 64)
        {
            var sum = 0.0;
            for (var i = 2; i <= n; i++)
            {
                sum += Math.Log(i);
            }

            return sum;
        }

        // Stirling's series; the error at n ≥ 64 is far below double precision needs here.
        var x = (double)n;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)) + (1 / (12 * x)) - (1 / (360 * x * x * x));
    }
}
