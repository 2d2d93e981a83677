using CsCheck;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>Invariants of <c>compliance/findings</c> over random findings and block lists.</summary>
public class ComplianceFindingsProperties
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<Severity> s_severity = Gen.Int[0, 3].Select(i => (Severity)i);

    private static readonly Gen<List<OpenFinding>> s_findings =
        Gen.Select(s_severity, Gen.Int[0, 60 * 24 * 30], Gen.Int[1, 3]).Array[0, 30].Select(items => items
            .Select((f, i) => new OpenFinding(i + 1, $"p{i}", f.Item1, $"2026.10.{f.Item3}", s_now.AddMinutes(-f.Item2), "m"))
            .ToList());

    private static Gate Gate(IEnumerable<Severity> block) => GateParser.Parse(
        "apiVersion: releasegate/v1\nkind: Gate\nworkflow: w\ncompliance:\n  schedule: \"0 6 * * *\"\n"
        + $"  block: [{string.Join(", ", block.Select(s => s.Word()))}]\n  policies:\n    - {{ id: p, rule: \"true\", severity: low, owner: g }}\n",
        "gate.yaml").GetValueOrThrow();

    [Fact]
    public void The_check_fails_exactly_when_a_finding_has_a_blocked_severity_and_the_verdict_follows()
    {
        Gen.Select(s_findings, s_severity.Array[1, 4]).Sample((findings, block) =>
        {
            var decision = GateEngine.Decide(new DecisionInput { Gate = Gate(block.Distinct()), Candidate = new EvidenceSet(), Now = s_now, Findings = findings });
            var check = decision.Checks.Single(c => c.Id == GateEngine.ComplianceFindingsCheck);
            var blocking = findings.Count(f => block.Contains(f.Severity));

            return check.Status == (blocking > 0 ? CheckStatus.Fail : CheckStatus.Pass)
                && (int)check.Measured["blocking"]! == blocking
                && (int)check.Measured["open"]! == findings.Count
                && check.Measured["findings"]!.AsArray().Count == Math.Min(blocking, GateEngine.MaxListedCases)
                && check.Critical == (blocking > 0 && findings.Any(f => f.Severity == Severity.Critical && block.Contains(Severity.Critical)))
                && decision.Verdict == (blocking > 0 ? Verdict.Blocked : Verdict.Pass);
        }, iter: 300);
    }
}
