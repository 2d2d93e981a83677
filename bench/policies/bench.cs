#:project ../../src/ReleaseGate.Policies/ReleaseGate.Policies.csproj
#:property TargetFramework=net10.0
#:property TieredPGO=false
#:property PublishAot=false
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591;NU1603
#:package Cel
#:package Google.Protobuf

// Benchmark: 50 CEL policies over a release with 1,000 tools and 1,000 slices, evaluated after load
// (compiled once, as `check` does), timed per round of all 50. Beside it, the same 50 questions
// answered by plain C# over the same document: the floor any engine is measured against.
//
//     dotnet run bench/policies/bench.cs -- [ROUNDS]
//
// The Cel package (0.3.3), which evaluated policies before ReleaseGate's own engine, is timed too, on a few rounds.
// It runs under the JIT (PublishAot=false) without dynamic PGO (TieredPGO=false), so the engine's closures run as
// optimized code without profile-guided rewrites, as in the Native AOT command (docs/benchmarks.md, "policies").
using System.Diagnostics;
using ReleaseGate.Policies;

AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromMilliseconds(200));
var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
var tools = Enumerable.Range(0, 1000).Select(i => (object?)$"tool_{i:D4}").ToList();
var slices = Enumerable.Range(0, 1000).ToDictionary(i => $"slice-{i:D4}", i => (object?)new Dictionary<string, object?>
{
    ["cases"] = 100L, ["passed"] = 95L - (i % 7), ["pass_rate"] = (95 - (i % 7)) / 100.0, ["flaky"] = (long)(i % 3),
});
var input = new Dictionary<string, object?>
{
    ["release"] = new Dictionary<string, object?>
    {
        ["workflow"] = "support-agent", ["version"] = "2026.11.0", ["model"] = "gpt-4.1-2025-04-14", ["tools"] = tools,
        ["config"] = new Dictionary<string, object?> { ["temperature"] = 0.2, ["max_output_tokens"] = 600.0 },
    },
    ["changes"] = new List<object?> { "tools", "prompts" },
    ["gate"] = new Dictionary<string, object?> { ["workflow"] = "support-agent", ["risk"] = "high" },
    ["evals"] = new Dictionary<string, object?> { ["core"] = new Dictionary<string, object?> { ["pass_rate"] = 0.93, ["cases"] = 100000L, ["slices"] = slices } },
};

// 50 rules of the kinds users write: allowlists over every tool, checks over every slice, string functions, limits.
var rules = new List<string>();
for (var i = 0; i < 10; i++)
{
    rules.Add($"release.tools.all(t, t.startsWith('tool_') && size(t) == 9 && t != 'forbidden_{i}')");
    rules.Add($"!release.tools.exists(t, t == 'delete_account_{i}')");
    rules.Add($"evals.core.slices.all(s, evals.core.slices[s].pass_rate >= 0.{80 + i})");
    rules.Add($"release.model.lowerAscii().startsWith('gpt-4') && release.config.temperature <= 0.{5 + (i % 4)}");
    rules.Add($"'tools' in changes && gate.risk in ['high', 'critical'] && evals.core.cases >= {1000 * i}");
}

var evaluator = new CelPolicyEvaluator(TimeProvider.System);
foreach (var rule in rules)
{
    var outcome = evaluator.Evaluate(rule, input);
    if (outcome.Error is not null)
    {
        throw new InvalidOperationException($"{rule}: {outcome.Error}");
    }
}

// Warm up for two seconds, untimed: the runtime compiles hot code again, optimized, a little after it first runs
// (later still on a loaded machine), and rules move from closures to IL after their first evaluations.
var warmup = Stopwatch.StartNew();
while (warmup.Elapsed < TimeSpan.FromSeconds(2))
{
    foreach (var rule in rules)
    {
        evaluator.Evaluate(rule, input);
    }

    _ = tools.All(t => ((string)t!).Length == 9) && slices.Values.All(s => (double)((Dictionary<string, object?>)s!)["pass_rate"]! >= 0.5);
}

double Median(List<double> xs) { xs.Sort(); return xs[xs.Count / 2]; }
double P90(List<double> xs) { xs.Sort(); return xs[(int)(xs.Count * 0.9)]; }

var cel = new List<double>();
var plain = new List<double>();
var sink = 0;
for (var r = 0; r < rounds; r++)
{
    var sw = Stopwatch.StartNew();
    foreach (var rule in rules)
    {
        sink += evaluator.Evaluate(rule, input).Value == true ? 1 : 0;
    }

    cel.Add(sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    for (var i = 0; i < 10; i++)
    {
        sink += tools.All(t => ((string)t!).StartsWith("tool_", StringComparison.Ordinal) && ((string)t!).Length == 9 && (string)t! != $"forbidden_{i}") ? 1 : 0;
        sink += !tools.Any(t => (string)t! == $"delete_account_{i}") ? 1 : 0;
        sink += slices.Values.All(s => (double)((Dictionary<string, object?>)s!)["pass_rate"]! >= 0.80 + (i / 100.0)) ? 1 : 0;
        sink += "gpt-4.1-2025-04-14".ToLowerInvariant().StartsWith("gpt-4", StringComparison.Ordinal) ? 1 : 0;
        sink += 1;
    }

    plain.Add(sw.Elapsed.TotalMilliseconds);
}

Console.WriteLine($"50 policies, 1,000 tools, 1,000 slices, {rounds} rounds after load (checksum {sink})");
Console.WriteLine($"| evaluation | median (ms) | p90 (ms) |");
Console.WriteLine($"| --- | ---: | ---: |");
Console.WriteLine($"| CEL, 50 policies | {Median(cel):F2} | {P90(cel):F2} |");
Console.WriteLine($"| plain C#, same 50 questions (floor) | {Median(plain):F2} | {P90(plain):F2} |");
Console.WriteLine($"ratio CEL / plain: {Median(cel) / Median(plain):F1}");

// CPU time per round, over blocks of rounds: unlike wall-clock time it does not count the time other processes
// hold the CPU, so it holds steady on a loaded machine. The process clock ticks every 10 ms on Linux, hence blocks.
var process = System.Diagnostics.Process.GetCurrentProcess();
double CpuPerRound(Action round, int count)
{
    process.Refresh();
    var before = process.TotalProcessorTime;
    for (var r = 0; r < count; r++)
    {
        round();
    }

    process.Refresh();
    return (process.TotalProcessorTime - before).TotalMilliseconds / count;
}

var celCpu = new List<double>();
var plainCpu = new List<double>();
var block = Math.Max(20, rounds / 3);
for (var b = 0; b < 5; b++)
{
    celCpu.Add(CpuPerRound(() => { foreach (var rule in rules) { sink += evaluator.Evaluate(rule, input).Value == true ? 1 : 0; } }, block));
    plainCpu.Add(CpuPerRound(() =>
    {
        for (var i = 0; i < 10; i++)
        {
            sink += tools.All(t => ((string)t!).StartsWith("tool_", StringComparison.Ordinal) && ((string)t!).Length == 9 && (string)t! != $"forbidden_{i}") ? 1 : 0;
            sink += !tools.Any(t => (string)t! == $"delete_account_{i}") ? 1 : 0;
            sink += slices.Values.All(s => (double)((Dictionary<string, object?>)s!)["pass_rate"]! >= 0.80 + (i / 100.0)) ? 1 : 0;
            sink += "gpt-4.1-2025-04-14".ToLowerInvariant().StartsWith("gpt-4", StringComparison.Ordinal) ? 1 : 0;
            sink += 1;
        }
    }, block));
}

Console.WriteLine($"CPU time per round (median of 5 blocks of {block} rounds): CEL {Median(celCpu):F2} ms, plain C# {Median(plainCpu):F2} ms, ratio {Median(celCpu) / Median(plainCpu):F1}");

// The Cel package on the same rules and document, compiled once, as the engine it replaced did.
var package = new Cel.CelEnvironment(null, null);
package.RegisterFunction("lowerAscii", [typeof(string)], a => ((string)a[0]!).ToLowerInvariant());
var programs = rules.Select(r => package.Compile(r)).ToList();
var packageInput = (IDictionary<string, object?>)input;
var packageTimes = new List<double>();
for (var r = 0; r < Math.Max(5, rounds / 20); r++)
{
    var sw = Stopwatch.StartNew();
    foreach (var program in programs)
    {
        sink += program(packageInput) is true ? 1 : 0;
    }

    packageTimes.Add(sw.Elapsed.TotalMilliseconds);
}

var packageCpu = CpuPerRound(() => { foreach (var program in programs) { sink += program(packageInput) is true ? 1 : 0; } }, Math.Max(3, rounds / 60));
Console.WriteLine($"Cel package 0.3.3, same 50 rules: median {Median(packageTimes):F2} ms over {packageTimes.Count} rounds; CPU time per round {packageCpu:F2} ms");

// Which kind of rule costs what: each of the five kinds, 10 rules, medians over a few rounds.
Console.WriteLine("| rule kind (10 rules) | median (ms) |");
Console.WriteLine("| --- | ---: |");
string[] kinds = ["all over 1,000 tools", "exists over 1,000 tools", "all over 1,000 slices", "string functions", "membership and limits"];
for (var k = 0; k < 5; k++)
{
    var times = new List<double>();
    for (var r = 0; r < Math.Max(5, rounds / 10); r++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = k; i < rules.Count; i += 5)
        {
            sink += evaluator.Evaluate(rules[i], input).Value == true ? 1 : 0;
        }

        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"| {kinds[k]} | {Median(times):F2} |");
}
