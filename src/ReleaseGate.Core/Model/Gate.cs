namespace ReleaseGate.Core.Model;

/// <summary>A parsed gate: what a release of one workflow must show.</summary>
public sealed record Gate
{
    /// <summary>The file the gate was read from, as given.</summary>
    public required string File { get; init; }

    /// <summary>
    /// The gate's digest, as <c>sha256:hex</c>: of the gate file's text when parsed alone (<see cref="Formats.GateParser"/>),
    /// and of the gate with every file it names once loaded (<see cref="Gates.GateBundleLoader"/>, <see cref="Gates.GateDigest"/>).
    /// </summary>
    public required string Digest { get; init; }

    /// <summary>The workflow the gate applies to.</summary>
    public required string Workflow { get; init; }

    /// <summary>The workflow's risk tier.</summary>
    public RiskTier Risk { get; init; } = RiskTier.Medium;

    /// <summary>Requirements on eval suites.</summary>
    public IReadOnlyList<EvalRequirement> Evals { get; init; } = [];

    /// <summary>Severity rules, if any.</summary>
    public SeverityRules? Severity { get; init; }

    /// <summary>Regression-bank rules, if any.</summary>
    public RegressionRules? Regressions { get; init; }

    /// <summary>Human review steps.</summary>
    public IReadOnlyList<ReviewRequirement> Reviews { get; init; } = [];

    /// <summary>Policies over the release and its evidence.</summary>
    public IReadOnlyList<PolicyRule> Policies { get; init; } = [];

    /// <summary>Policy files (<c>kind: Policies</c>) the gate includes, relative to it; their rules join <see cref="Policies"/> when loaded.</summary>
    public IReadOnlyList<PolicyInclude> PolicyIncludes { get; init; } = [];

    /// <summary>Names of attachments the release must carry.</summary>
    public IReadOnlyList<string> RequiredEvidence { get; init; } = [];

    /// <summary>Approval stages, in order.</summary>
    public IReadOnlyList<ApprovalStage> Approvals { get; init; } = [];

    /// <summary>Waiver rules; when absent, waivers cannot apply to critical checks and have no duration cap.</summary>
    public WaiverRules Waivers { get; init; } = new();

    /// <summary>Policies shipped releases are re-evaluated against on a schedule, if the gate has a <c>compliance</c> section.</summary>
    public ComplianceRules? Compliance { get; init; }

    /// <summary>
    /// Whether deciding on this gate needs a policy engine: it has policy rules, or an approval stage with a <c>when</c>
    /// condition. A gate without either is decided without loading one.
    /// </summary>
    public bool NeedsPolicyEngine => Policies.Count > 0 || Approvals.Any(a => a.When is not null);

    /// <summary>
    /// Whether the gate has CEL expressions to dry-run when it is checked or registered (<c>PolicyGuard</c>): those a
    /// decision needs (<see cref="NeedsPolicyEngine"/>) and its compliance rules, which the server evaluates on a schedule.
    /// </summary>
    public bool HasRules => NeedsPolicyEngine || Compliance is { Policies.Count: > 0 };
}
