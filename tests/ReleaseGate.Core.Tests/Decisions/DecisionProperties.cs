using System.Text;
using CsCheck;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;
using Xunit;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>Invariants of the decision engine over random evidence, for several gates that exercise different rules.</summary>
public class DecisionProperties
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] s_gates =
    [
        """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: w
        evals:
          - suite: core
            min_pass_rate: 0.7
            max_error_rate: 0.2
            slices:
              a: { min_pass_rate: 0.6, protected: true }
              b: { protected: true }
            no_regression: { slices: protected, method: mcnemar, alpha: 0.1, margin: 0.0 }
        severity:
          block_on: [critical]
          max_failures: { high: 2 }
        """,
        """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: w
        evals:
          - suite: core
            min_pass_rate: 0.6
            confidence: 0.9
            repeats: { aggregate: majority }
            no_regression: { slices: all, method: strict }
        approvals:
          - { stage: product, group: leads }
        """,
        """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: w
        evals:
          - suite: core
            min_pass_rate: 0.5
            repeats: { aggregate: { at_least: 2 } }
            slices:
              c: { min_pass_rate: 0.5 }
            no_regression: { slices: [a, c], method: mcnemar, alpha: 0.2, margin: 0.05, on_inconclusive: review }
        severity:
          block_on: [critical, high]
        reviews:
          - { id: experts, group: experts }
        """,
    ];

    private static readonly string[] s_slices = ["a", "b", "c"];
    private static readonly string[] s_severities = ["critical", "high", "medium", "low"];

    private sealed record Line(int Case, int Repeat, string Outcome, string Slice, string Severity, bool Baseline)
    {
        public string Json() =>
            $$"""{"suite":"core","case":"c{{Case}}","repeat":{{Repeat}},"target":"{{(Baseline ? "baseline" : "candidate")}}","slices":["{{Slice}}"],"severity":"{{Severity}}",{{Outcome switch
            {
                "pass" => "\"pass\":true",
                "fail" => "\"pass\":false",
                _ => "\"pass\":null,\"error\":\"timeout\"",
            }}}}""";
    }

    /// <summary>
    /// A case keeps one slice and one severity; its repeats and both targets vary. The share of passing executions is
    /// drawn per scenario, so that some scenarios pass and the monotonicity properties are not vacuous.
    /// </summary>
    private static readonly Gen<List<Line>> s_lines =
        Gen.Select(Gen.Int[1, 30], Gen.Int[1, 3], Gen.OneOf(Gen.Const(75), Gen.Const(95), Gen.Const(100))).SelectMany((cases, repeats, passPercent) =>
            Gen.Select(Gen.Int[0, 2], Gen.Frequency((1, Gen.Const(0)), (2, Gen.Const(1)), (6, Gen.Const(2)), (6, Gen.Const(3))), Gen.Int[0, 99]).Array[cases * repeats * 2]
                .Select(draws =>
                {
                    var lines = new List<Line>();
                    for (var c = 0; c < cases; c++)
                    {
                        for (var r = 0; r < repeats; r++)
                        {
                            for (var t = 0; t < 2; t++)
                            {
                                var (_, _, roll) = draws[(((c * repeats) + r) * 2) + t];
                                var (slice, severity, _) = draws[c * repeats * 2];
                                var outcome = roll < passPercent ? "pass" : roll % 4 == 0 ? "error" : "fail";
                                lines.Add(new Line(c, r, outcome, s_slices[slice], s_severities[severity], t == 1));
                            }
                        }
                    }

                    return lines;
                }));

    private static readonly Gen<(int Gate, List<Line> Lines)> s_scenario = Gen.Select(Gen.Int[0, s_gates.Length - 1], s_lines);

    [Fact]
    public void Adding_a_failing_result_never_improves_the_verdict_or_a_check()
    {
        var notBlockedBefore = 0;
        Gen.Select(s_scenario, Gen.Int[0, 1000]).Sample(((int Gate, List<Line> Lines) scenario, int pick) =>
        {
            var (gate, lines) = scenario;
            var candidates = lines.Where(l => !l.Baseline).ToList();
            var template = candidates[pick % candidates.Count];
            var before = Decide(gate, lines);
            var after = Decide(gate, [.. lines, template with { Repeat = 99, Outcome = "fail" }]);

            Assert.True(Rank(after.Verdict) >= Rank(before.Verdict), $"{before.Verdict} -> {after.Verdict}");
            notBlockedBefore += before.Verdict == Verdict.Blocked ? 0 : 1;
            foreach (var check in before.Checks.Where(c => c.Status == CheckStatus.Fail))
            {
                Assert.Equal(CheckStatus.Fail, after.Checks.Single(c => c.Id == check.Id).Status);
            }
        }, iter: 300, threads: 1);

        // The property is only worth something if the generator reaches verdicts that could get worse.
        Assert.True(notBlockedBefore > 10, $"only {notBlockedBefore} samples started out not blocked");
    }

    [Fact]
    public void Permuting_result_lines_never_changes_the_decision()
    {
        s_scenario.SelectMany(s => Gen.Shuffle(s.Lines.ToArray()).Select(shuffled => (s.Gate, s.Lines, Shuffled: shuffled))).Sample(x =>
        {
            var a = Decide(x.Gate, x.Lines);
            var b = Decide(x.Gate, [.. x.Shuffled]);

            Assert.Equal(Comparable(a), Comparable(b));
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Deciding_twice_gives_byte_identical_decisions()
    {
        s_scenario.Sample(x =>
        {
            Assert.Equal(DecisionJson.Serialize(Decide(x.Gate, x.Lines)), DecisionJson.Serialize(Decide(x.Gate, x.Lines)));
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void A_waiver_only_turns_fail_into_waived_for_the_ids_it_matches_before_it_expires()
    {
        string[] patterns = ["evals/core/pass-rate", "evals/core/*", "evals/**", "evals/core/slice/*/no-regression", "severity/*", "severity/critical", "**"];
        var gen = Gen.Select(s_scenario, Gen.Int[0, patterns.Length - 1], Gen.Int[-48, 48], Gen.Bool);
        var waived = 0;
        gen.Sample((scenario, pattern, hours, allowCritical) =>
        {
            var gateText = s_gates[scenario.Gate] + (allowCritical ? "\nwaivers: { allow_critical: true }\n" : "");
            var waiver = new Waiver
            {
                Check = patterns[pattern],
                Release = "1.0",
                Reason = "r",
                GrantedBy = "alice",
                Expires = s_now.AddHours(hours),
            };
            var without = Decide(gateText, scenario.Lines, []);
            var with = Decide(gateText, scenario.Lines, [waiver]);

            Assert.Equal(without.Checks.Select(c => c.Id), with.Checks.Select(c => c.Id));
            foreach (var (a, b) in without.Checks.Zip(with.Checks))
            {
                var shouldWaive = a.Status == CheckStatus.Fail
                    && CheckPattern.Matches(waiver.Check, a.Id)
                    && s_now < waiver.Expires
                    && (!a.Critical || allowCritical);
                Assert.Equal(shouldWaive ? CheckStatus.Waived : a.Status, b.Status);
                waived += shouldWaive ? 1 : 0;
            }
        }, iter: 300, threads: 1);

        Assert.True(waived > 10, $"only {waived} checks were waived over all samples");
    }

    [Fact]
    public void Review_items_without_settled_verdicts_change_no_automated_check()
    {
        s_scenario.Sample(x =>
        {
            var local = Decide(s_gates[x.Gate], x.Lines, [], null);
            var input = Input(s_gates[x.Gate], x.Lines, []);
            var items = GateEngine.ReviewSample(input, "seed", null);
            var server = GateEngine.Decide(input with { ReviewItems = items });

            Assert.Equal(local.Checks.Select(c => c.Id), server.Checks.Select(c => c.Id));
            foreach (var (a, b) in local.Checks.Zip(server.Checks))
            {
                var expected = a.Id.StartsWith("reviews/", StringComparison.Ordinal) && !items.Any(i => "reviews/" + i.Review == a.Id) ? CheckStatus.Pass : a.Status;
                Assert.Equal(expected, b.Status);
            }

            Assert.Empty(server.Overrides);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void People_who_confirm_every_automated_outcome_change_only_reviews_and_inconclusive_comparisons()
    {
        var confirmed = 0;
        s_scenario.Sample(x =>
        {
            var input = Input(s_gates[x.Gate], x.Lines, []);
            var items = GateEngine.ReviewSample(input, "seed", null);
            var automated = GateEngine.Decide(input with { ReviewItems = items });
            var outcomes = FailedCases(input);
            var verdicts = items.Select(i => new ReviewVerdict(i.Review, i.Suite, i.Case, "lena", !outcomes.Contains(i.Case), null, "", s_now, false)).ToList();
            var reviewed = GateEngine.Decide(input with { ReviewItems = items, ReviewVerdicts = verdicts });

            foreach (var (a, b) in automated.Checks.Zip(reviewed.Checks))
            {
                var expected = a.Id.StartsWith("reviews/", StringComparison.Ordinal) ? CheckStatus.Pass
                    : a.Status == CheckStatus.Pending && a.Id.EndsWith("/no-regression", StringComparison.Ordinal) ? CheckStatus.Warn
                    : a.Status;
                Assert.True(expected == b.Status, $"{a.Id}: {a.Status} -> {b.Status}, expected {expected}");
            }

            confirmed += items.Count > 0 ? 1 : 0;
        }, iter: 200, threads: 1);

        Assert.True(confirmed > 10, $"only {confirmed} samples had items to review");
    }

    /// <summary>The candidate cases whose automated outcome is not a pass: those a review of every failure and no passing case samples.</summary>
    private static HashSet<string> FailedCases(DecisionInput input)
    {
        var probe = new ReviewRequirement { Id = "probe", Group = "g", SampleFailures = 1, SamplePassing = 0 };
        return GateEngine.ReviewSample(input with { Gate = input.Gate with { Reviews = [probe] } }, "seed", null).Select(i => i.Case).ToHashSet();
    }

    private static int Rank(Verdict verdict) => verdict switch
    {
        Verdict.Pass => 0,
        Verdict.Pending => 1,
        _ => 2,
    };

    private static string Comparable(GateDecision decision) =>
        DecisionJson.Serialize(decision with { EvidenceDigests = [], BaselineEvidenceDigests = [] });

    private static GateDecision Decide(int gate, List<Line> lines) => Decide(s_gates[gate], lines, []);

    private static GateDecision Decide(string gateText, List<Line> lines, IReadOnlyList<Waiver> waivers) => GateEngine.Decide(Input(gateText, lines, waivers));

    private static GateDecision Decide(string gateText, List<Line> lines, IReadOnlyList<Waiver> waivers, IReadOnlyList<SampledItem>? items) =>
        GateEngine.Decide(Input(gateText, lines, waivers) with { ReviewItems = items });

    private static DecisionInput Input(string gateText, List<Line> lines, IReadOnlyList<Waiver> waivers)
    {
        var gate = GateParser.Parse(gateText, "gate.yaml").GetValueOrThrow();
        var reader = new ResultsReader("results.jsonl", allBaseline: false);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => l.Json())))));
        Assert.Empty(reader.Errors);
        var manifest = ReleaseParser.Parse("apiVersion: releasegate/v1\nkind: Release\nworkflow: w\nversion: \"1.0\"\n", "r.yaml").GetValueOrThrow();
        var empty = new Dictionary<string, string>();
        return new DecisionInput
        {
            Gate = gate,
            Candidate = reader.Candidate,
            Baseline = reader.Baseline,
            Release = new ReleaseEvidence(manifest, ReleaseDigest.Compute(manifest, empty), empty),
            Waivers = waivers,
            Now = s_now,
        };
    }
}
