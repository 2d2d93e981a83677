using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>One case as the rules see it: aggregated outcome, slices, severity.</summary>
internal sealed record CaseView(string Id, CaseOutcome Outcome, IReadOnlyList<string> Slices, Severity Severity, bool Flaky, bool HasError)
{
    /// <summary>The mean <c>latency_ms</c> of the case's executions, when any gave one.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>The total <c>cost</c> of the case's executions, when any gave one.</summary>
    public double? Cost { get; init; }

    public bool Passed => Outcome == CaseOutcome.Pass;

    /// <summary>The settled human verdict that replaced the automated outcome, if any.</summary>
    public HumanVerdict? Override { get; init; }

    /// <summary>The automated outcome when <see cref="Override"/> replaced it.</summary>
    public CaseOutcome? Automated { get; init; }

    /// <summary>This case with <paramref name="verdict"/> in place of its automated outcome.</summary>
    public CaseView With(HumanVerdict verdict) => this with
    {
        Outcome = verdict.Pass ? CaseOutcome.Pass : CaseOutcome.Fail,
        Severity = verdict.Pass ? Severity : Worst(Severity, verdict.Severity) ?? Severity,
        Override = verdict,
        Automated = Outcome,
        AutomatedSeverity = Severity,
    };

    /// <summary>The case's own severity when <see cref="Override"/> replaced its outcome (a failing verdict may have raised it).</summary>
    public Severity? AutomatedSeverity { get; init; }

    public static CaseView From(CaseEvidence evidence, RepeatsRule rule, SuiteCase? definition)
    {
        var outcome = rule.Passes(evidence.Passed, evidence.Executions)
            ? CaseOutcome.Pass
            : evidence.Failed > 0 ? CaseOutcome.Fail : CaseOutcome.Error;
        var slices = definition is null ? evidence.Slices : evidence.Slices.Union(definition.Slices, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // A case no result line or suite file gives a severity is medium, the suite default: it still counts.
        var severity = Worst(evidence.Severity, definition?.Severity) ?? Severity.Medium;
        return new CaseView(evidence.Id, outcome, slices, severity, evidence.Flaky, evidence.Errored > 0)
        {
            LatencyMs = evidence.LatencyCount > 0 ? evidence.LatencyMsTotal / evidence.LatencyCount : null,
            Cost = evidence.CostCount > 0 ? evidence.CostTotal : null,
        };
    }

    public static CaseView Missing(SuiteCase definition) =>
        new(definition.Id, CaseOutcome.Missing, definition.Slices, definition.Severity, false, false);

    private static Severity? Worst(Severity? a, Severity? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a < b ? a : b,
    };
}
