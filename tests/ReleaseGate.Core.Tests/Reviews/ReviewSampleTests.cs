using System.Text;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;
using Xunit;

namespace ReleaseGate.Core.Tests.Reviews;

public class ReviewSampleTests
{
    private const string Seed = "sha256:release\nsha256:evidence";

    // refunds r0..r19 pass on the baseline; r17..r19 fail on the candidate: b = 3, c = 0, p = 0.125, inconclusive.
    // core c0..c9 (no baseline): c0 fails. The suite file lists a case with no result, m0.
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: support-agent
        evals:
          - suite: core
            slices:
              refunds: { protected: true }
            no_regression: { slices: protected, alpha: 0.05, on_inconclusive: review }
        reviews:
          - { id: experts, group: experts, sample: { failures: 0, judge_band: 0.1 } }
          - { id: legal, group: legal, sample: { failures: all } }
        """;

    private static DecisionInput Input()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            lines.AppendLine($$"""{"suite":"core","case":"r{{i}}","slices":["refunds"],"pass":{{(i < 17 ? "true" : "false")}}}""");
            lines.AppendLine($$"""{"suite":"core","case":"r{{i}}","target":"baseline","slices":["refunds"],"pass":true}""");
        }

        for (var i = 0; i < 10; i++)
        {
            lines.AppendLine($$"""{"suite":"core","case":"c{{i}}","pass":{{(i == 0 ? "false" : "true")}}}""");
        }

        var reader = new ResultsReader("results.jsonl", allBaseline: false);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString())));
        var suite = SuiteParser.Parse("apiVersion: releasegate/v1\nkind: Suite\nname: core\nprompts: { user: hi }\ncases:\n  - { id: m0 }\n", "core.yaml").GetValueOrThrow();
        return new DecisionInput
        {
            Gate = GateParser.Parse(Gate, "gate.yaml").GetValueOrThrow(),
            Candidate = reader.Candidate,
            Baseline = reader.Baseline,
            Suites = new Dictionary<string, Suite> { ["core"] = suite },
            Now = DateTimeOffset.UnixEpoch,
        };
    }

    [Fact]
    public void The_first_review_takes_the_cases_behind_an_inconclusive_comparison_and_the_judge_uncertain_ones()
    {
        var margins = new Dictionary<(string Suite, string Case), double> { [("core", "c3")] = 0.05, [("core", "c4")] = 0.5, [("core", "r18")] = 0.01 };

        var items = GateEngine.ReviewSample(Input(), Seed, margins);

        Assert.Equal(
            [("experts", "c3", "judge"), ("experts", "r17", "inconclusive"), ("experts", "r18", "inconclusive"), ("experts", "r19", "inconclusive")],
            items.Where(i => i.Review == "experts").Select(i => (i.Review, i.Case, i.Reason)));
    }

    [Fact]
    public void Later_reviews_sample_by_their_own_keys_only_and_a_case_without_a_result_is_never_sampled()
    {
        var items = GateEngine.ReviewSample(Input(), Seed, null);

        Assert.Equal(["c0", "r17", "r18", "r19"], items.Where(i => i.Review == "legal").Select(i => i.Case));
        Assert.All(items.Where(i => i.Review == "legal"), i => Assert.Equal("failure", i.Reason));
        Assert.DoesNotContain(items, i => i.Case == "m0");
    }

    [Fact]
    public void Verdicts_already_given_do_not_change_the_sample()
    {
        var input = Input();
        var before = GateEngine.ReviewSample(input, Seed, null);
        var verdicts = before.Select(i => new ReviewVerdict(i.Review, i.Suite, i.Case, "lena", true, null, "", DateTimeOffset.UnixEpoch, false)).ToList();

        var after = GateEngine.ReviewSample(input with { ReviewItems = before, ReviewVerdicts = verdicts }, Seed, null);

        Assert.Equal(before, after);
        var decision = GateEngine.Decide(input with { ReviewItems = before, ReviewVerdicts = verdicts });
        Assert.Equal(CheckStatus.Pass, decision.Checks.Single(c => c.Id == "evals/core/slice/refunds/no-regression").Status);
        Assert.Equal(CheckStatus.Pass, decision.Checks.Single(c => c.Id == "reviews/experts").Status);
        Assert.Equal(CheckStatus.Pass, decision.Checks.Single(c => c.Id == "reviews/legal").Status);
        Assert.Equal(["c0", "r17", "r18", "r19"], decision.Overrides.Select(o => o.Case));
    }

    [Fact]
    public void A_gate_without_reviews_samples_nothing()
    {
        var input = Input() with { Gate = GateParser.Parse("apiVersion: releasegate/v1\nkind: Gate\nworkflow: w\nevals:\n  - suite: core\n", "g.yaml").GetValueOrThrow() };

        Assert.Empty(GateEngine.ReviewSample(input, Seed, null));
    }

    [Fact]
    public void An_override_in_the_decision_says_who_when_why_which_review_and_the_raised_severity()
    {
        var input = Input();
        var items = new List<SampledItem> { new("legal", "core", "c0", "failure") };
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var verdicts = new List<ReviewVerdict>
        {
            new("legal", "core", "c0", "sam", true, null, "mine is fine", at, false),
            new("legal", "core", "c0", "lena", false, Severity.Critical, "leaks <card> numbers", at.AddMinutes(5), false),
        };

        var decision = GateEngine.Decide(input with { ReviewItems = items, ReviewVerdicts = verdicts, Submitter = "sam" });

        var applied = Assert.Single(decision.Overrides);
        Assert.Equal(("core", "c0", "fail", "fail", "lena", at.AddMinutes(5), "legal", "critical"), (applied.Suite, applied.Case, applied.Automated, applied.Human, applied.By, applied.At, applied.Review, applied.Severity));
        Assert.Contains("lena: leaks <card> numbers", applied.Reason, StringComparison.Ordinal);
        var json = DecisionJson.Serialize(decision, indented: false);
        Assert.Contains("\"review\":\"legal\",\"severity\":\"critical\"", json, StringComparison.Ordinal);
        Assert.Contains("\\u003Ccard\\u003E", json, StringComparison.Ordinal);
    }
}
