using System.Diagnostics;
using System.Text.Json.Nodes;
using ReleaseGate.MockModel;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary><c>releasegate eval run</c> as a real process against a real mock-model server on loopback.</summary>
public sealed class EvalRunCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Suite(int cases)
    {
        _folder.Write("cases.jsonl", string.Concat(Enumerable.Range(0, cases).Select(i =>
            $"{{\"id\":\"c{i}\",\"slices\":[\"{(i % 2 == 0 ? "even" : "odd")}\"],\"vars\":{{\"word\":\"w{i}\"}},\"assert\":[{{\"type\":\"contains\",\"value\":\"{(i % 5 == 0 ? "zzz" : $"w{i}")}\"}}]}}\n")));
        return _folder.Write("suite.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: echo
            prompts: { user: "Say {{word}}" }
            case_files: [cases.jsonl]
            """);
    }

    [Fact]
    public async Task Results_stream_to_a_file_that_check_reads_with_a_summary_per_slice()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        var suite = Suite(20);
        var gate = _folder.Write("gate.yaml", """
            apiVersion: releasegate/v1
            kind: Gate
            workflow: echo
            risk: low
            evals:
              - { suite: echo, file: suite.yaml, min_pass_rate: 0.9 }
            """);
        var output = Path.Combine(_folder.Path, "results.jsonl");

        var run = CliProcess.Run(_folder.Path, null, "eval", "run", "--suite", suite, "--target", $"openai:m@{server.BaseUrl}",
            "--baseline-target", $"openai:old@{server.BaseUrl}", "--repeat", "2", "-o", output, "--no-cache");

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(80, lines.Count);
        Assert.Equal(40, lines.Count(l => (string)l["target"]! == "baseline"));
        // Cases 0, 5, 10 and 15 fail (their assertion looks for "zzz"): two even, two odd.
        Assert.Contains("| candidate | (all) |         40 |   32 |    8 |     0 |     80.0% |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| candidate | even  |         20 |   16 |    4 |     0 |     80.0% |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| baseline  | odd   |         20 |   16 |    4 |     0 |     80.0% |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"wrote 80 results to {output}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("progress: 80/80 (100%) pass 64, fail 16, error 0", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("complete", (string)JsonNode.Parse(File.ReadAllText(output + ".run.json"))!["status"]!);

        // 16 of 20 cases pass: below 0.9, so check blocks on these results.
        var check = CliProcess.Run(_folder.Path, null, "check", "--gate", gate, "--results", output);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("echo: 16 of 20 cases pass (80.0%)", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_listed_with_file_line_and_column_and_nothing_runs()
    {
        _folder.Write("cases.jsonl", "{\"id\":\"c1\",\"vars\":{}}\n{\"id\":\"c1\",\"vars\":{\"word\":\"x\"}}\n");
        var suite = _folder.Write("suite.yaml", "apiVersion: releasegate/v1\nkind: Suite\nname: s\nprompts: { user: \"Say {{word}}\" }\ncase_files: [cases.jsonl]\n");
        var targets = _folder.Write("targets.yaml", "apiVersion: releasegate/v1\nkind: Targets\ntargets:\n  - { id: t, type: openai, base_url: http://127.0.0.1:9/v1, model: m, temprature: 0 }\n");

        var run = CliProcess.Run(_folder.Path, null, "eval", "run", "--suite", suite, "--targets", targets, "--target", "t", "-o", "r.jsonl");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                $"{Path.Combine(_folder.Path, "cases.jsonl")}:1:1: RG1401: the user prompt reads '{{{{word}}}}', which case 'c1' does not define; add it to the case's vars or to defaults.vars.",
                $"{Path.Combine(_folder.Path, "cases.jsonl")}:2:1: RG1012: duplicate case 'c1' (first at {Path.Combine(_folder.Path, "cases.jsonl")}:1:1); each case must be unique.",
                $"{targets}:4:71: RG1004: unknown key 'temprature' in a target; allowed keys are api_key_env, base_url, body, command, headers, id, model, output, parameters, system_prompt, system_prompt_file, timeout, tool_calls, tools, type.",
                "3 errors; nothing was run. Fix the input and run again.",
            ],
            run.Stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "r.jsonl")));
    }

    [Fact]
    public void Usage_errors_name_the_option()
    {
        var run = CliProcess.Run(_folder.Path, null, "eval", "run", "--suite", "s.yaml", "--target", "t", "-o", "r.jsonl", "--concurrency", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("releasegate: RG1301: --concurrency must be between 1 and 4096; got 0.", run.Stderr.Trim());
    }

    [Fact]
    public async Task Sigterm_stops_the_run_and_leaves_whole_lines_marked_incomplete()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Latency = TimeSpan.FromMilliseconds(50) });
        var suite = Suite(3000);
        var output = Path.Combine(_folder.Path, "results.jsonl");
        var start = CliProcess.StartInfo(_folder.Path, "eval", "run", "--suite", suite, "--target", $"openai:m@{server.BaseUrl}", "-o", output, "--no-cache", "-j", "4");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((!File.Exists(output) || File.ReadAllLines(output).Length < 20) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "eval run did not stop");
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("RG1408: the run was stopped", await stderr, StringComparison.Ordinal);
        _ = await stdout;
        var lines = File.ReadAllLines(output);
        Assert.InRange(lines.Length, 20, 2999);
        var ids = lines.Select(l => (string)JsonNode.Parse(l)!["case"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var manifest = JsonNode.Parse(File.ReadAllText(output + ".run.json"))!;
        Assert.Equal("incomplete", (string)manifest["status"]!);
        Assert.Equal(lines.Length, (int)manifest["written"]!);
    }

    [Fact]
    public async Task A_judged_run_writes_the_cache_and_a_second_run_reads_every_answer_from_it()
    {
        // The command line's own threading (answers continued on the socket's thread, grading by the writer, cache writes on
        // the thread pool) with a judge and the cache, as a user runs it.
        var rules = MockRulesParser.Parse("""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - { model: judge, contains: "Say w3\n", answer: "{\"pass\": false, \"score\": 0.2, \"reasoning\": \"Too short.\"}" }
              - { model: judge, contains: "You are grading", answer: "{\"pass\": true, \"score\": 0.9, \"reasoning\": \"Fine.\"}" }
            """, "rules.yaml").GetValueOrThrow();
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Rules = rules });
        _folder.Write("cases.jsonl", string.Concat(Enumerable.Range(0, 30).Select(i => i % 3 == 0
            ? $"{{\"id\":\"c{i}\",\"vars\":{{\"word\":\"w{i}\"}},\"assert\":[{{\"type\":\"contains\",\"value\":\"w{i}\"}},{{\"type\":\"llm-rubric\",\"value\":\"is long enough\"}}]}}\n"
            : $"{{\"id\":\"c{i}\",\"vars\":{{\"word\":\"w{i}\"}},\"assert\":[{{\"type\":\"contains\",\"value\":\"{(i == 4 ? "zzz" : $"w{i}")}\"}}]}}\n")));
        var suite = _folder.Write("suite.yaml", "apiVersion: releasegate/v1\nkind: Suite\nname: judged\nprompts: { user: \"Say {{word}}\" }\ncase_files: [cases.jsonl]\n");
        var cache = Path.Combine(_folder.Path, "cache");

        List<JsonNode> Run(string name)
        {
            var output = Path.Combine(_folder.Path, name);
            var run = CliProcess.Run(_folder.Path, null, "eval", "run", "--suite", suite, "--target", $"openai:m@{server.BaseUrl}",
                "--judge-target", $"openai:judge@{server.BaseUrl}", "--cache-dir", cache, "-j", "8", "-o", output);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return [.. File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!)];
        }

        var first = Run("first.jsonl");
        var second = Run("second.jsonl");

        foreach (var lines in new[] { first, second })
        {
            Assert.Equal(30, lines.Count);
            Assert.Equal(30, lines.Select(l => (string)l["case"]!).Distinct().Count());
            JsonNode Line(string id) => lines.Single(l => (string)l["case"]! == id);
            Assert.True((bool)Line("c0")["pass"]!);
            Assert.Contains(Line("c0")["assertions"]!.AsArray(), a => ((string?)a!["reason"])!.Contains("Fine.", StringComparison.Ordinal));
            Assert.False((bool)Line("c3")["pass"]!);
            Assert.Contains(Line("c3")["assertions"]!.AsArray(), a => ((string?)a!["reason"])!.Contains("Too short.", StringComparison.Ordinal));
            Assert.False((bool)Line("c4")["pass"]!);
            Assert.Equal(28, lines.Count(l => l["pass"] is JsonValue v && (bool)v));
        }

        Assert.All(first, l => Assert.False((bool)l["cached"]!));
        Assert.All(second, l => Assert.True((bool)l["cached"]!));
    }
}
