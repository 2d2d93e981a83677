using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.MockModel;
using ReleaseGate.Runner.Execution;
using ReleaseGate.Runner.Suites;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests;

/// <summary>Writes suites into a temporary folder and runs them end to end, reading back the results file.</summary>
internal sealed class RunnerFixture : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("rg-runner-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A suite of <paramref name="count"/> cases "c0"… whose user prompt is "Say wN" and which pass when the answer contains wN.</summary>
    public string EchoSuite(int count, string name = "suite.yaml")
    {
        Write(name + ".jsonl", string.Concat(Enumerable.Range(0, count).Select(i =>
            $"{{\"id\":\"c{i}\",\"slices\":[\"s{i % 3}\"],\"vars\":{{\"word\":\"w{i}\"}},\"assert\":[{{\"type\":\"contains\",\"value\":\"w{i}\"}}]}}\n")));
        return Write(name, $$$"""
            apiVersion: releasegate/v1
            kind: Suite
            name: echo
            prompts:
              user: "Say {{word}}"
            case_files: [{{{name}}}.jsonl]
            """);
    }

    public static RunnableSuite Load(string path, bool judge = false, params (string Text, SourceLocation Where)[] overrides)
    {
        var result = SuiteLoader.Load(File.ReadAllText(path), path, overrides, judge);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Value;
    }

    public static TargetDefinition OpenAi(MockModelServer server, string model = "m", string id = "candidate") =>
        new() { Id = id, Kind = TargetKind.OpenAi, Url = server.BaseUrl, Model = model };

    public async Task<(RunReport Report, List<JsonObject> Lines)> RunAsync(
        RunnableSuite suite, RunOptions options, IReadOnlyList<TargetDefinition> sides, TargetDefinition? judge = null, CancellationToken stop = default, Action<RunProgress>? watch = null)
    {
        using var factory = new TargetFactory(options.Concurrency);
        var errors = new List<GateError>();
        var targets = sides.Select((d, i) => new RunSide(i == 0 ? "candidate" : "baseline", factory.Create(d, options.Timeout, _ => null, errors)!)).ToList();
        var judgeTarget = judge is null ? null : factory.Create(judge, options.Timeout, _ => null, errors);
        Assert.Empty(errors);
        var runner = new EvalRunner(suite, targets, judgeTarget, options, TimeProvider.System);
        var path = Path.Combine(Folder, $"results-{Guid.NewGuid():N}.jsonl");
        var progress = new RunProgress(runner.Planned, TimeProvider.System);
        watch?.Invoke(progress);
        RunReport report;
        await using (var writer = new ResultsWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 0)))
        {
            report = await runner.RunAsync(writer, progress, stop);
        }

        var lines = File.ReadAllLines(path).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        return (report, lines);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
