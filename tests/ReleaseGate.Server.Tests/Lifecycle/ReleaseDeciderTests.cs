using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Server.Lifecycle;

namespace ReleaseGate.Server.Tests.Lifecycle;

public class ReleaseDeciderTests
{
    private const string Release = "sha256:r";
    private const string Evidence = "sha256:e";

    // Every stage these tests name, defined as the votes saw it.
    private static readonly Dictionary<string, string> Stages = new() { ["governance"] = "sha256:s-governance", ["security"] = "sha256:s-security", ["product"] = "sha256:s-product" };

    private static GateDecision Decision(params GateCheck[] checks) => new()
    {
        Verdict = GateEngine.VerdictOf(checks),
        Workflow = "demo",
        GateDigest = "sha256:g",
        EvaluatedAt = DateTimeOffset.UnixEpoch,
        Checks = checks,
    };

    private static GateCheck Stage(string name, int count) => new()
    {
        Id = $"approvals/{name}",
        Status = CheckStatus.Pending,
        Summary = "needs approvals",
        Threshold = new JsonObject { ["group"] = "g", ["count"] = count },
    };

    private static GateCheck Passing() => new() { Id = "evals/core/pass-rate", Status = CheckStatus.Pass, Summary = "ok" };

    private static ApprovalVote Vote(string user, string stage = "governance", bool approve = true, string evidence = Evidence, string? stageDigest = null) =>
        new(stage, user, approve, Release, evidence, stageDigest ?? Stages.GetValueOrDefault(stage, "sha256:s-" + stage), "c", DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_stage_passes_with_k_distinct_approvers_and_one_person_counts_once()
    {
        var decision = Decision(Passing(), Stage("governance", 2));

        var once = ReleaseDecider.Apply(decision, [Vote("gus"), Vote("gus")], Release, Evidence, Stages, "ci", shipped: false);
        var twice = ReleaseDecider.Apply(decision, [Vote("gus"), Vote("gia")], Release, Evidence, Stages, "ci", shipped: false);

        Assert.Equal(ServerVerdict.Pending, once.Verdict);
        Assert.Contains("1 of 2", once.Decision.Checks[1].Summary);
        Assert.Equal(ServerVerdict.Approved, twice.Verdict);
        Assert.Equal("approved by gia, gus (2 of 2 from g).", twice.Decision.Checks[1].Summary);
    }

    [Fact]
    public void Approvals_on_other_evidence_or_by_the_submitter_do_not_count()
    {
        var decision = Decision(Passing(), Stage("governance", 1));

        var stale = ReleaseDecider.Apply(decision, [Vote("gus", evidence: "sha256:old")], Release, Evidence, Stages, "ci", shipped: false);
        var own = ReleaseDecider.Apply(decision, [Vote("ci")], Release, Evidence, Stages, "ci", shipped: false);

        Assert.Equal(ServerVerdict.Pending, stale.Verdict);
        Assert.Contains(stale.Decision.Notes, n => n.Contains("no longer counts", StringComparison.Ordinal));
        Assert.Equal(ServerVerdict.Pending, own.Verdict);
    }

    [Fact]
    public void A_rejection_ends_the_release_and_a_failing_check_blocks_whatever_the_approvals()
    {
        var passing = Decision(Passing(), Stage("governance", 1));
        var failing = Decision(new GateCheck { Id = "severity/critical", Status = CheckStatus.Fail, Summary = "x" }, Stage("governance", 1));

        Assert.Equal(ServerVerdict.Rejected, ReleaseDecider.Apply(passing, [Vote("gus"), Vote("gia", approve: false)], Release, Evidence, Stages, "ci", false).Verdict);
        Assert.Equal(ServerVerdict.Blocked, ReleaseDecider.Apply(failing, [Vote("gus")], Release, Evidence, Stages, "ci", false).Verdict);
    }

    [Fact]
    public void More_approvals_never_make_a_decision_worse()
    {
        // Property: adding an approval never turns approved into pending or pending into blocked.
        var users = new[] { "a", "b", "c", "d" };
        var decision = Decision(Passing(), Stage("governance", 2), Stage("product", 1));
        for (var mask = 0; mask < 1 << 8; mask++)
        {
            var votes = Enumerable.Range(0, 8).Where(i => (mask & (1 << i)) != 0)
                .Select(i => Vote(users[i % 4], i < 4 ? "governance" : "product")).ToList();
            var before = ReleaseDecider.Apply(decision, votes, Release, Evidence, Stages, "ci", false).Verdict;
            var after = ReleaseDecider.Apply(decision, [.. votes, Vote("z", "governance")], Release, Evidence, Stages, "ci", false).Verdict;
            Assert.True(Rank(after) >= Rank(before), $"{before} -> {after} for mask {mask}");
        }
    }

    private static int Rank(ServerVerdict verdict) => verdict switch
    {
        ServerVerdict.Blocked => 0,
        ServerVerdict.Pending => 1,
        _ => 2,
    };

    [Fact]
    public void A_vote_given_on_another_definition_of_its_stage_no_longer_counts()
    {
        var decision = Decision(Passing(), Stage("governance", 1));
        var counted = ReleaseDecider.Apply(decision, [Vote("gus")], Release, Evidence, Stages, "ci", shipped: false);
        var changed = ReleaseDecider.Apply(decision, [Vote("gus", stageDigest: "sha256:before")], Release, Evidence, Stages, "ci", shipped: false);
        var removed = ReleaseDecider.Apply(decision, [Vote("gus")], Release, Evidence, new Dictionary<string, string>(), "ci", shipped: false);

        Assert.Equal(ServerVerdict.Approved, counted.Verdict);
        Assert.Equal(ServerVerdict.Pending, changed.Verdict);
        Assert.Contains(changed.Decision.Notes, n => n.Contains("defined differently", StringComparison.Ordinal));
        Assert.Equal(ServerVerdict.Pending, removed.Verdict);
        Assert.Contains(removed.Decision.Notes, n => n.Contains("has no stage 'governance'", StringComparison.Ordinal));
    }
}
