#:project ../../src/ReleaseGate.Core/ReleaseGate.Core.csproj
#:property TargetFramework=net10.0
#:property PublishAot=false
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591

// Benchmark: sampling the review items of a 100,000-case release (issue 18: "Sampling a 100,000-case release takes
// under 1 s"). Two timings, each the median of ROUNDS runs after two untimed ones:
//   sampler: ReviewSampler.Sample over 100,000 SampleCases, with every kind of reason (failures: all, a passing share,
//            per-slice minimums, a judge band, inconclusive cases);
//   engine:  GateEngine.ReviewSample over the evidence of 100,000 result lines (as the server calls it): the suite
//            view, the no-regression comparison that finds the inconclusive cases, and two reviews' samples.
//
//     dotnet run -c Release bench/review-sample/bench.cs -- [ROUNDS]
//
// Wall-clock time counts the time other processes hold the CPU; CPU time (of this process) holds steadier under load.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
const int Cases = 100_000;
const string Seed = "sha256:release\nsha256:evidence";

var cases = Enumerable.Range(0, Cases).Select(i => new SampleCase($"suite{i % 3}", $"case-{i:D6}", i % 7 != 0)
{
    Slices = i % 10 == 0 ? ["refunds"] : i % 13 == 0 ? ["vip", "billing"] : [],
    JudgeMargin = i % 5 == 0 ? (i % 100) / 100.0 : null,
    Inconclusive = i % 997 == 0,
}).ToList();
var review = new ReviewRequirement
{
    Id = "experts", Group = "experts", SampleFailures = 1, SamplePassing = 0.05, SampleMin = 20, JudgeBand = 0.05,
    SampleSlices = new Dictionary<string, int> { ["refunds"] = 50, ["vip"] = 20, ["billing"] = 20 },
};

var gate = GateParser.Parse("""
    apiVersion: releasegate/v1
    kind: Gate
    workflow: support-agent
    evals:
      - suite: core
        slices:
          refunds: { protected: true }
        no_regression: { slices: protected, alpha: 0.000001, margin: 0, on_inconclusive: review }
    reviews:
      - { id: experts, group: experts, sample: { failures: all, passing: 0.05, min: 20, slices: { refunds: 50 }, judge_band: 0.05 } }
      - { id: legal, group: legal, sample: { failures: 0.1, passing: 0.01 } }
    """, "gate.yaml").GetValueOrThrow();
var lines = new StringBuilder();
for (var i = 0; i < Cases; i++)
{
    var slices = i % 10 == 0 ? "[\"refunds\"]" : "[]";
    lines.Append(CultureInfo.InvariantCulture, $"{{\"suite\":\"core\",\"case\":\"case-{i:D6}\",\"slices\":{slices},\"pass\":{(i % 7 != 0 ? "true" : "false")}}}\n");
    lines.Append(CultureInfo.InvariantCulture, $"{{\"suite\":\"core\",\"case\":\"case-{i:D6}\",\"target\":\"baseline\",\"slices\":{slices},\"pass\":{(i % 7 != 0 || i % 20 != 0 ? "true" : "false")}}}\n");
}

var reader = new ResultsReader("results.jsonl", allBaseline: false);
using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString())))
{
    reader.Read(stream);
}

var input = new DecisionInput { Gate = gate, Candidate = reader.Candidate, Baseline = reader.Baseline, Now = DateTimeOffset.UnixEpoch };
var margins = Enumerable.Range(0, Cases).Where(i => i % 5 == 0).ToDictionary(i => ("core", $"case-{i:D6}"), i => (i % 100) / 100.0);

Time("sampler", () => ReviewSampler.Sample(review, cases, Seed).Count);
Time("engine", () => GateEngine.ReviewSample(input, Seed, margins).Count);

void Time(string name, Func<int> run)
{
    run();
    run();
    var wall = new List<double>();
    var cpu = new List<double>();
    var items = 0;
    for (var r = 0; r < rounds; r++)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        items = run();
        wall.Add(watch.Elapsed.TotalMilliseconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {Cases} cases -> {items} items; median {Median(wall):F1} ms wall, {Median(cpu):F1} ms CPU ({rounds} rounds)"));
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
