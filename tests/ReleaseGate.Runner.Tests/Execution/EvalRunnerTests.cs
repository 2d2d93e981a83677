using System.Diagnostics;
using System.Text.Json.Nodes;
using ReleaseGate.MockModel;
using ReleaseGate.Runner.Execution;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

public sealed class EvalRunnerTests : IDisposable
{
    private readonly RunnerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static RunOptions Fast(int concurrency = 8) => new()
    {
        Concurrency = concurrency,
        Timeout = TimeSpan.FromSeconds(5),
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromSeconds(2),
    };

    private static void EachExecutionOnce(List<JsonObject> lines, int cases, int repeats, params string[] sides)
    {
        var counts = lines.GroupBy(l => (Case: (string)l["case"]!, Repeat: (int)l["repeat"]!, Side: (string)l["target"]!)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(cases * repeats * sides.Length, counts.Count);
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        foreach (var side in sides)
        {
            for (var i = 0; i < cases; i++)
            {
                for (var r = 0; r < repeats; r++)
                {
                    Assert.True(counts.ContainsKey(($"c{i}", r, side)), $"c{i} repeat {r} on {side} has no line");
                }
            }
        }
    }

    [Fact]
    public async Task Openai_target_answers_are_graded_and_streamed_one_line_per_execution()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        var suite = RunnerFixture.Load(_fixture.EchoSuite(40));
        var (report, lines) = await _fixture.RunAsync(suite, Fast(), [RunnerFixture.OpenAi(server)]);

        Assert.True(report.Complete);
        Assert.Equal(40, report.Written);
        EachExecutionOnce(lines, 40, 1, "candidate");
        Assert.All(lines, l => Assert.True((bool)l["pass"]!));
        Assert.All(lines, l => Assert.Equal("echo", (string)l["suite"]!));
        var c7 = lines.Single(l => (string)l["case"]! == "c7");
        Assert.Equal("Say w7", (string)c7["output"]!);
        Assert.Equal("contains", (string)c7["assertions"]![0]!["type"]!);
        Assert.False(c7["assertions"]![0]!.AsObject().ContainsKey("threshold"));
        Assert.Equal(["s1"], c7["slices"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(40, server.Stats.Requests);
    }

    [Fact]
    public async Task Tool_calls_the_model_makes_are_kept_in_the_result_and_graded()
    {
        var rules = MockRulesParser.Parse("""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - contains: refund
                answer: I have refunded you.
                tool_calls:
                  - { name: issue_refund, arguments: { order: "NW-1", amount: 12.5 } }
            """, "rules.yaml").GetValueOrThrow();
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Rules = rules });
        var path = _fixture.Write("tools.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: tools
            prompts: { user: "{{q}}" }
            cases:
              - id: r1
                vars: { q: "I want a refund" }
                assert:
                  - { type: tool-called, value: issue_refund }
                  - { type: icontains, value: refunded }
              - id: r2
                vars: { q: "Where is my parcel?" }
                assert:
                  - { type: tool-called, value: issue_refund }
            """);
        var target = RunnerFixture.OpenAi(server) with
        {
            Tools = [new ToolDefinition("issue_refund", "Refunds an order", new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() })],
        };
        var (_, lines) = await _fixture.RunAsync(RunnerFixture.Load(path), Fast(), [target]);

        var r1 = lines.Single(l => (string)l["case"]! == "r1");
        Assert.True((bool)r1["pass"]!);
        Assert.Equal("issue_refund", (string)r1["tool_calls"]![0]!["name"]!);
        Assert.Equal("NW-1", (string)JsonNode.Parse((string)r1["tool_calls"]![0]!["arguments"]!)!["order"]!);
        var r2 = lines.Single(l => (string)l["case"]! == "r2");
        Assert.False((bool)r2["pass"]!);
        Assert.Null(r2["error"]);
    }

    [Fact]
    public async Task Baseline_runs_side_by_side_on_the_same_cases_with_repeats()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        var suite = RunnerFixture.Load(_fixture.EchoSuite(10));
        var (report, lines) = await _fixture.RunAsync(
            suite, Fast() with { Repeat = 3 }, [RunnerFixture.OpenAi(server, "new"), RunnerFixture.OpenAi(server, "old", "old-release")]);

        Assert.Equal(60, report.Planned);
        EachExecutionOnce(lines, 10, 3, "candidate", "baseline");
        Assert.All(lines.Where(l => (string)l["target"]! == "baseline"), l => Assert.Equal("old-release", (string)l["target_id"]!));
        Assert.Equal(60, server.Stats.Requests);
    }

    [Fact]
    public async Task Fault_injection_never_loses_or_duplicates_a_case_and_errors_are_never_passes()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions
        {
            Faults = new FaultRates(RateLimited: 0.15, ServerError: 0.1, Timeout: 0.03, Malformed: 0.03),
            RetryAfter = TimeSpan.FromMilliseconds(20),
            Seed = 7,
        });
        var suite = RunnerFixture.Load(_fixture.EchoSuite(300));
        // The timeout is long enough that only the scripted timeouts hit it, even on a loaded machine: an ordinary
        // request abandoned before the server read it would be an attempt the server never counted.
        var options = Fast(32) with { Timeout = TimeSpan.FromSeconds(2), MaxRetries = 3 };
        var (report, lines) = await _fixture.RunAsync(suite, options, [RunnerFixture.OpenAi(server)]);

        EachExecutionOnce(lines, 300, 1, "candidate");
        Assert.True(report.Complete);
        var errored = lines.Where(l => l["error"] is not null).ToList();
        Assert.NotEmpty(errored);
        Assert.All(errored, l => Assert.Null(l["pass"]));
        Assert.All(lines.Where(l => l["error"] is null), l => Assert.True((bool)l["pass"]!));

        // Malformed answers are not transient: recorded at once. Everything else that errored ran out of retries.
        Assert.Contains(errored, l => ((string)l["error"]!).Contains("not a valid chat completion", StringComparison.Ordinal));
        Assert.All(errored.Where(l => !((string)l["error"]!).Contains("not a valid", StringComparison.Ordinal)), l => Assert.Equal(4, (int)l["attempts"]!));

        // Every request the server saw is an attempt some line accounts for: no hidden retries (the SDK's own are off).
        // The reverse need not hold exactly: an attempt can fail before it reaches the server (a pooled connection that
        // the server closed after an aborted request is reset), and is then retried like any transient failure.
        var attempts = lines.Sum(l => (int)l["attempts"]!);
        Assert.InRange(server.Stats.Requests, lines.Count + 1, attempts);
        Assert.True(report.Retries > 0);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_wait_the_server_asks_for_then_recorded_as_an_error()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions
        {
            Faults = new FaultRates(1, 0, 0, 0),
            RetryAfter = TimeSpan.FromMilliseconds(300),
        });
        var suite = RunnerFixture.Load(_fixture.EchoSuite(2));
        var clock = Stopwatch.StartNew();
        var (_, lines) = await _fixture.RunAsync(suite, Fast() with { MaxRetries = 2 }, [RunnerFixture.OpenAi(server)]);

        // Two waits of 300 ms (the server's retry-after-ms), not the 10 ms backoff.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(580), $"took {clock.Elapsed}");
        Assert.All(lines, l =>
        {
            Assert.Null(l["pass"]);
            Assert.StartsWith("HTTP 429", (string)l["error"]!, StringComparison.Ordinal);
            Assert.EndsWith("(after 3 attempts)", (string)l["error"]!, StringComparison.Ordinal);
        });
        Assert.Equal(6, server.Stats.Requests);
    }

    [Fact]
    public async Task A_timeout_is_retried_and_then_recorded_as_an_error()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Faults = new FaultRates(0, 0, 1, 0) });
        var suite = RunnerFixture.Load(_fixture.EchoSuite(3));
        var (_, lines) = await _fixture.RunAsync(suite, Fast() with { Timeout = TimeSpan.FromMilliseconds(200), MaxRetries = 1 }, [RunnerFixture.OpenAi(server)]);

        Assert.All(lines, l => Assert.Equal("timed out after 0.2 s (after 2 attempts)", (string)l["error"]!));
        Assert.Equal(6, server.Stats.Timeouts);
    }

    [Fact]
    public async Task A_4xx_other_than_429_is_not_retried()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        var suite = RunnerFixture.Load(_fixture.EchoSuite(2));
        var target = new TargetDefinition { Id = "h", Kind = TargetKind.Http, Url = new Uri(server.BaseUrl + "/no-such-path"), Body = new JsonObject() };
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [target]);

        Assert.All(lines, l =>
        {
            Assert.StartsWith("HTTP 404", (string)l["error"]!, StringComparison.Ordinal);
            Assert.Equal(1, (int)l["attempts"]!);
        });
    }

    [Fact]
    public async Task Http_target_posts_the_templated_body_and_picks_output_and_tool_calls_by_pointer()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        var suite = RunnerFixture.Load(_fixture.EchoSuite(5));
        var target = new TargetDefinition
        {
            Id = "raw-http",
            Kind = TargetKind.Http,
            Url = new Uri(server.BaseUrl + "/chat/completions"),
            Body = JsonNode.Parse("""{"model":"m","messages":[{"role":"user","content":"{{prompt}} for {{case}}"}]}"""),
            OutputPointer = "/choices/0/message/content",
            ToolCallsPointer = "/choices/0/message/tool_calls",
        };
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [target]);

        var c3 = lines.Single(l => (string)l["case"]! == "c3");
        Assert.Equal("Say w3 for c3", (string)c3["output"]!);
        Assert.True((bool)c3["pass"]!);
    }

    [Fact]
    public async Task Command_target_gets_json_on_stdin_and_its_json_answer_is_graded()
    {
        var script = _fixture.Write("agent.sh", """
            #!/bin/sh
            input=$(cat)
            case "$input" in
              *'"case":"c1"'*) echo "boom" >&2; exit 3 ;;
            esac
            word=$(printf '%s' "$input" | sed 's/.*"word":"\([^"]*\)".*/\1/')
            printf '{"output":"agent says %s","tool_calls":[{"name":"lookup","arguments":"{}"}]}' "$word"
            """);
        var suite = RunnerFixture.Load(_fixture.EchoSuite(3));
        var target = new TargetDefinition { Id = "agent", Kind = TargetKind.Command, Command = ["/bin/sh", script] };
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [target]);

        var c0 = lines.Single(l => (string)l["case"]! == "c0");
        Assert.Equal("agent says w0", (string)c0["output"]!);
        Assert.True((bool)c0["pass"]!);
        Assert.Equal("lookup", (string)c0["tool_calls"]![0]!["name"]!);
        var c1 = lines.Single(l => (string)l["case"]! == "c1");
        Assert.Equal("'/bin/sh' exited with code 3: boom", (string)c1["error"]!);
        Assert.Equal(1, (int)c1["attempts"]!);
    }

    [Fact]
    public async Task Command_target_that_hangs_is_killed_at_the_timeout_and_recorded_as_an_error()
    {
        var script = _fixture.Write("slow.sh", "#!/bin/sh\nsleep 30\n");
        var suite = RunnerFixture.Load(_fixture.EchoSuite(1));
        var target = new TargetDefinition { Id = "slow", Kind = TargetKind.Command, Command = ["/bin/sh", script], Timeout = TimeSpan.FromMilliseconds(300) };
        var clock = Stopwatch.StartNew();
        var (_, lines) = await _fixture.RunAsync(suite, Fast() with { MaxRetries = 0 }, [target]);

        Assert.Equal("timed out after 0.3 s", (string)lines.Single()["error"]!);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cache_answers_a_second_run_without_requests_and_repeats_are_separate_entries()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        var suite = RunnerFixture.Load(_fixture.EchoSuite(10));
        var options = Fast() with { Repeat = 2, CacheDirectory = Path.Combine(_fixture.Folder, "cache") };

        var (_, first) = await _fixture.RunAsync(suite, options, [RunnerFixture.OpenAi(server)]);
        Assert.Equal(20, server.Stats.Requests);
        Assert.All(first, l => Assert.False((bool)l["cached"]!));

        var (_, second) = await _fixture.RunAsync(suite, options, [RunnerFixture.OpenAi(server)]);
        Assert.Equal(20, server.Stats.Requests);
        Assert.All(second, l => Assert.True((bool)l["cached"]!));
        Assert.Equal(first.Select(l => (string)l["output"]!).Order(), second.Select(l => (string)l["output"]!).Order());

        // Another model is another target identity: a miss.
        await _fixture.RunAsync(suite, options, [RunnerFixture.OpenAi(server, "other-model")]);
        Assert.Equal(40, server.Stats.Requests);

        // Without the cache, every execution is a call again.
        await _fixture.RunAsync(suite, options with { CacheDirectory = null }, [RunnerFixture.OpenAi(server)]);
        Assert.Equal(60, server.Stats.Requests);
    }

    [Fact]
    public async Task A_stop_leaves_whole_lines_only_each_execution_at_most_once_and_the_report_incomplete()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Latency = TimeSpan.FromMilliseconds(20) });
        var suite = RunnerFixture.Load(_fixture.EchoSuite(2000));
        using var stop = new CancellationTokenSource();
        RunProgress? progress = null;
        var watcher = Task.Run(async () =>
        {
            while (progress is null || progress.Done < 100)
            {
                await Task.Delay(10);
            }

            await stop.CancelAsync();
        });
        var (report, lines) = await _fixture.RunAsync(suite, Fast(16), [RunnerFixture.OpenAi(server)], stop: stop.Token, watch: p => progress = p);
        await watcher;

        Assert.False(report.Complete);
        Assert.InRange(lines.Count, 100, 1999);
        Assert.Equal(report.Written, lines.Count);
        Assert.Equal(lines.Count, lines.Select(l => (string)l["case"]!).Distinct().Count());
    }

    [Fact]
    public async Task The_rate_limit_spaces_requests()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        var suite = RunnerFixture.Load(_fixture.EchoSuite(21));
        var clock = Stopwatch.StartNew();
        await _fixture.RunAsync(suite, Fast(8) with { RequestsPerSecond = 40 }, [RunnerFixture.OpenAi(server)]);

        // 21 starts 25 ms apart take at least 500 ms, however many run at once.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(490), $"took {clock.Elapsed}");
        Assert.Equal(21, server.Stats.Requests);
    }

    [Fact]
    public async Task A_rubric_is_graded_by_the_judge_target_and_its_reasoning_kept_and_a_judge_that_answers_nonsense_is_an_error()
    {
        var rules = MockRulesParser.Parse("""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - { model: judge, contains: "Say w1\n", answer: "{\"pass\": false, \"score\": 0.1, \"reasoning\": \"It is rude.\"}" }
              - { model: judge, contains: "Say w2\n", answer: "I think it is fine." }
              - { model: judge, contains: "You are grading", answer: "{\"pass\": true, \"score\": 0.9, \"reasoning\": \"Polite.\"}" }
            """, "rules.yaml").GetValueOrThrow();
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Rules = rules });
        var path = _fixture.Write("rubric.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: rubric
            prompts: { user: "Say {{word}}" }
            defaults:
              assert: [{ type: llm-rubric, value: "is polite", threshold: 0.5 }]
            cases:
              - { id: c0, vars: { word: w0 } }
              - { id: c1, vars: { word: w1 } }
              - { id: c2, vars: { word: w2 } }
            """);
        var (_, lines) = await _fixture.RunAsync(RunnerFixture.Load(path, judge: true), Fast(), [RunnerFixture.OpenAi(server)], RunnerFixture.OpenAi(server, "judge", "judge"));

        JsonObject Line(string id) => lines.Single(l => (string)l["case"]! == id);
        Assert.True((bool)Line("c0")["pass"]!);
        Assert.Contains("Polite.", (string)Line("c0")["assertions"]![0]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal(0.9, (double)Line("c0")["assertions"]![0]!["score"]!);
        Assert.Equal(0.5, (double)Line("c0")["assertions"]![0]!["threshold"]!);
        Assert.False((bool)Line("c1")["pass"]!);
        Assert.Contains("It is rude.", (string)Line("c1")["assertions"]![0]!["reason"]!, StringComparison.Ordinal);
        Assert.Null(Line("c2")["pass"]);
        Assert.StartsWith("grading failed: the judge's answer is not a JSON object", (string)Line("c2")["error"]!, StringComparison.Ordinal);
    }
}
