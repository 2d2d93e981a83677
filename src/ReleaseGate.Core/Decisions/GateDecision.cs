namespace ReleaseGate.Core.Decisions;

/// <summary>The gate's verdict on a release at a point in time, with every check behind it.</summary>
public sealed record GateDecision
{
    /// <summary>The verdict.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>The workflow.</summary>
    public required string Workflow { get; init; }

    /// <summary>The release decided on, when a manifest was given.</summary>
    public ReleaseRef? Release { get; init; }

    /// <summary>The baseline compared with, when a manifest was given.</summary>
    public ReleaseRef? Baseline { get; init; }

    /// <summary>The gate file's digest.</summary>
    public required string GateDigest { get; init; }

    /// <summary>The time the decision was made for (expiries are judged at this time).</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Digests of the candidate's result files.</summary>
    public IReadOnlyList<string> EvidenceDigests { get; init; } = [];

    /// <summary>Digests of the baseline's result files.</summary>
    public IReadOnlyList<string> BaselineEvidenceDigests { get; init; } = [];

    /// <summary>The checks, in the gate's order.</summary>
    public required IReadOnlyList<GateCheck> Checks { get; init; }

    /// <summary>The approval stages and whether each applies.</summary>
    public IReadOnlyList<StageRequirement> Stages { get; init; } = [];

    /// <summary>The settled human verdicts that replaced automated outcomes, in suite and case order.</summary>
    public IReadOnlyList<AppliedOverride> Overrides { get; init; } = [];

    /// <summary>How the regression bank fared, when the gate names a bank file (<c>regressions.file</c>); null otherwise.</summary>
    public BankReport? Bank { get; init; }

    /// <summary>Things worth knowing that are not checks (results for suites the gate does not name, unused waivers).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
