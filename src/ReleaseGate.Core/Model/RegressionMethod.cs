namespace ReleaseGate.Core.Model;

/// <summary>How a slice is compared with the baseline.</summary>
public enum RegressionMethod
{
    /// <summary>An exact one-sided McNemar test on paired cases, with a margin and a significance level.</summary>
    McNemar,

    /// <summary>Any case that passed on the baseline and does not pass on the candidate fails the slice.</summary>
    Strict,
}
