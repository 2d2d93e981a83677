using ReleaseGate.Core.Compliance;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Compliance;

public class ComplianceInputTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gate s_gate = GateParser.Parse(
        "apiVersion: releasegate/v1\nkind: Gate\nworkflow: support-agent\nrisk: high\ncompliance:\n  schedule: \"0 6 * * *\"\n  policies:\n    - { id: p, rule: \"true\", severity: low, owner: g }\n",
        "gate.yaml").GetValueOrThrow();

    private static ReleaseEvidence Release()
    {
        var manifest = ReleaseParser.Parse(
            "apiVersion: releasegate/v1\nkind: Release\nworkflow: support-agent\nversion: \"2026.10.2\"\ncomponents:\n  model: m1\n  config:\n    owner: x\n",
            "release.yaml").GetValueOrThrow();
        return new ReleaseEvidence(manifest, ReleaseDigest.Compute(manifest, new Dictionary<string, string>()), new Dictionary<string, string>());
    }

    private static Waiver Waiver(string release, DateTimeOffset expires) =>
        new() { Check = "evals/**", Release = release, Reason = "r", GrantedBy = "ada", Expires = expires };

    private static IReadOnlyDictionary<string, object?> Map(object? value) => Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(value);

    [Fact]
    public void The_document_has_the_release_gate_shipped_time_waivers_bank_and_decision()
    {
        var release = Release();
        var shipped = new DateTimeOffset(2026, 10, 2, 9, 0, 0, TimeSpan.Zero);
        var document = ComplianceInput.Build(
            release,
            s_gate,
            shipped,
            [Waiver("2026.10.2", s_now.AddDays(2)), Waiver("2026.10.1", s_now.AddDays(2)), Waiver("2026.10.2", s_now), Waiver(release.Digest, s_now.AddDays(9))],
            new ComplianceBank(40, 2),
            new Dictionary<string, string> { ["evals/core/pass-rate"] = "pass" },
            s_now);

        Assert.Equal(["release", "gate", "shipped_at", "waivers", "bank", "decision"], document.Keys);
        Assert.Equal(("2026.10.2", "m1", release.Digest), ((string)Map(document["release"])["version"]!, (string)Map(document["release"])["model"]!, (string)Map(document["release"])["digest"]!));
        Assert.Equal("x", Map(Map(document["release"])["config"])["owner"]);
        Assert.Equal(("support-agent", "high"), ((string)Map(document["gate"])["workflow"]!, (string)Map(document["gate"])["risk"]!));
        Assert.Equal(shipped, document["shipped_at"]);
        // The version's unexpired waiver and the digest's; not another release's, nor one expiring now.
        var waivers = Assert.IsAssignableFrom<IReadOnlyList<object?>>(document["waivers"]).Select(Map).ToList();
        Assert.Equal([s_now.AddDays(2), s_now.AddDays(9)], waivers.Select(w => (DateTimeOffset)w["expires_at"]!));
        Assert.Equal(["check", "reason", "granted_by", "expires_at"], waivers[0].Keys);
        Assert.Equal(("evals/**", "r", "ada"), ((string)waivers[0]["check"]!, (string)waivers[0]["reason"]!, (string)waivers[0]["granted_by"]!));
        Assert.Equal((40L, 2L), ((long)Map(document["bank"])["active"]!, (long)Map(document["bank"])["added_since_ship"]!));
        Assert.Equal("pass", Map(Map(document["decision"])["checks"])["evals/core/pass-rate"]);
    }

    [Fact]
    public void Without_a_bank_or_a_decision_the_document_has_zeros_and_an_empty_map()
    {
        var document = ComplianceInput.Build(Release(), s_gate, s_now, [Waiver("2026.10.2", s_now.AddDays(-1))], null, null);

        Assert.Equal((0L, 0L), ((long)Map(document["bank"])["active"]!, (long)Map(document["bank"])["added_since_ship"]!));
        Assert.Empty(Map(Map(document["decision"])["checks"]));
        // Without a time, the caller passes the waivers in force: they are all kept.
        Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<object?>>(document["waivers"]));
    }
}
