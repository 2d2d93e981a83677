#:project ../../src/ReleaseGate.Runner/ReleaseGate.Runner.csproj
#:property TargetFramework=net10.0
#:property PublishAot=false
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591
#:property ServerGarbageCollector=false
#:property ConcurrentGarbageCollection=false

// Benchmark: the cost of regex assertions as a suite's size and its number of distinct patterns grow (issue 23, item 1).
// One process per measurement, so that its peak working set is its own:
//
//     dotnet run -c Release bench/runner-assertions/bench.cs -- CASES own|shared|risky
//
//   own:    every case has its own pattern, (?m)^answer: N$;
//   shared: every case has the same pattern, (?m)^answer: \d+$;
//   risky:  every case has its own pattern that repeats a varying group, (?m)^answer: (N\s?)+$, which the runner
//           matches on the non-backtracking engine.
//
// The suite (suite.yaml + cases.jsonl, one regex assertion per case) is written to a temporary folder, loaded and checked
// by SuiteLoader as `releasegate run` does, then its cases are streamed by RunnableSuite.Cases and each is graded on an
// answer of about 2 KB made for it (one in ten does not match), as the runner grades answers. No target is called: this
// measures the assertions alone. Only the public API is used, so run.sh can build the same program against another
// checkout of the Runner to compare.
//
// Printed: the cases, the mode, the wall time of the check and of the run, the process's CPU time per case over both,
// the peak working set, and the managed heap still reachable after the run (what the run left alive).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Suites;

var cases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var mode = args.Length > 1 ? args[1] : "own";

var folder = Directory.CreateTempSubdirectory("rg-bench-assertions-").FullName;
try
{
    var suiteFile = Path.Combine(folder, "suite.yaml");
    const string suiteText = "apiVersion: releasegate/v1\nkind: Suite\nname: bench\nprompts:\n  user: \"What is the answer to {{question}}?\"\ncase_files: [cases.jsonl]\n";
    File.WriteAllText(suiteFile, suiteText);
    using (var writer = new StreamWriter(Path.Combine(folder, "cases.jsonl"), false, new UTF8Encoding(false)))
    {
        for (var i = 0; i < cases; i++)
        {
            var pattern = mode switch
            {
                "own" => $"(?m)^answer: {i}$",
                "shared" => @"(?m)^answer: \d+$",
                "risky" => $@"(?m)^answer: ({i}\s?)+$",
                _ => throw new ArgumentException($"unknown mode '{mode}': own, shared or risky"),
            };
            var line = new Dictionary<string, object>
            {
                ["id"] = $"c{i}",
                ["vars"] = new Dictionary<string, string> { ["question"] = $"question {i}" },
                ["assert"] = new[] { new Dictionary<string, string> { ["type"] = "regex", ["value"] = pattern } },
            };
            writer.WriteLine(JsonSerializer.Serialize(line));
        }
    }

    // About 2 KB of text before the answer's line, the same for every case as a model's preamble often is.
    var filler = new StringBuilder();
    while (filler.Length < 2000)
    {
        filler.Append("The quick brown fox jumps over the lazy dog; 1234 colours, 5678 flavours.\n");
    }

    var preamble = filler.ToString();
    GC.Collect();
    var process = Process.GetCurrentProcess();
    var cpu0 = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();

    var loaded = SuiteLoader.Load(suiteText, suiteFile, [], haveJudge: false);
    if (!loaded.Success)
    {
        throw new InvalidOperationException(string.Join("\n", loaded.Errors));
    }

    var checkWall = clock.Elapsed;
    var passed = 0;
    var graded = 0;
    foreach (var prepared in loaded.Value.Cases())
    {
        // The answer arrives: its own string, as a response does.
        var answer = graded % 10 == 0 ? "unknown" : graded.ToString(CultureInfo.InvariantCulture);
        var response = new TargetResponse(string.Concat(preamble, "answer: ", answer, "\nThat is all."), [], 20);
        passed += prepared.Assertions.Evaluate(response).Pass ? 1 : 0;
        graded++;
    }

    clock.Stop();
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpu0;
    var retained = GC.GetTotalMemory(forceFullCollection: true);
    if (graded != cases || passed != cases - ((cases + 9) / 10))
    {
        throw new InvalidOperationException($"graded {graded}, passed {passed}: the assertions are wrong");
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"cases={cases} mode={mode} check_s={checkWall.TotalSeconds:F2} run_s={(clock.Elapsed - checkWall).TotalSeconds:F2} wall_s={clock.Elapsed.TotalSeconds:F2} cpu_ms_per_case={cpu.TotalMilliseconds / cases:F4} peak_ws_mib={process.PeakWorkingSet64 / 1048576.0:F0} retained_heap_mib={retained / 1048576.0:F1}"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}
