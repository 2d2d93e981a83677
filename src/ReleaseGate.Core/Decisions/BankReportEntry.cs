using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>One case of a decision's bank report.</summary>
/// <param name="Case">The case id.</param>
/// <param name="State">Its state at the report's time.</param>
/// <param name="Severity">Its severity, the worst of the bank file's and the results'.</param>
/// <param name="Candidate">How it did on the candidate: <c>pass</c>, <c>fail</c> (failed or errored) or <c>missing</c>.</param>
public sealed record BankReportEntry(string Case, BankState State, Severity Severity, string Candidate)
{
    /// <summary>Where the case came from, when the bank file says.</summary>
    public BankSource? Source { get; init; }

    /// <summary>The incident the case remembers, when it has one.</summary>
    public string? Incident { get; init; }

    /// <summary>How it did on the baseline (<c>pass</c>, <c>fail</c> or <c>missing</c>); null when the baseline has no results for the bank.</summary>
    public string? Baseline { get; init; }

    /// <summary>
    /// <c>fixed</c> (failed on the baseline, passes now), <c>regressed</c> (passed on the baseline, does not now) or
    /// <c>same</c>; null when the baseline has no result for the case.
    /// </summary>
    public string? Change { get; init; }
}
