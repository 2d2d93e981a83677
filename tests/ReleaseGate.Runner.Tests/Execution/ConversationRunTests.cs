using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.MockModel;
using ReleaseGate.Runner.Execution;
using ReleaseGate.Runner.Suites;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>A case with its own conversation (<see cref="SuiteCase.Messages"/>) is replayed as such, against the real mock model.</summary>
public sealed class ConversationRunTests : IDisposable
{
    // The mock model's transcript of the conversation below, rendered with name = Ana: every turn, in order, with the
    // assistant's tool call and the tool's answer tied by the call id.
    private const string Transcript = """
        system: You are the support agent of Northwind.
        user: Where is order NW-7?
        assistant calls call_1: lookup_order({"order_id":"NW-7"})
        tool call_1: {"status":"shipped","eta":"Friday"}
        user: And when will it arrive? Ana

        """;

    private readonly RunnerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static RunOptions Fast() => new() { Concurrency = 4, Timeout = TimeSpan.FromSeconds(10), BackoffBase = TimeSpan.FromMilliseconds(10) };

    private static List<ChatTurn> Conversation(bool withSystem = true)
    {
        var turns = new List<ChatTurn>
        {
            new() { Role = "user", Content = "Where is order NW-7?" },
            new() { Role = "assistant", ToolCalls = [new ChatToolCall("call_1", "lookup_order", """{"order_id":"NW-7"}""")] },
            new() { Role = "tool", ToolCallId = "call_1", Content = """{"status":"shipped","eta":"Friday"}""" },
            new() { Role = "user", Content = "And when will it arrive? {{name}}" },
        };
        if (withSystem)
        {
            turns.Insert(0, new ChatTurn { Role = "system", Content = "You are the support agent of Northwind." });
        }

        return turns;
    }

    private Suite Suite(params SuiteCase[] cases) => new()
    {
        File = Path.Combine(_fixture.Folder, "bank.yaml"),
        Name = "bank",
        Cases = cases,
    };

    private static SuiteCase Case(string id, IReadOnlyList<ChatTurn>? messages, string expected) => new()
    {
        Id = id,
        Vars = new JsonObject { ["name"] = "Ana" },
        Messages = messages,
        Assertions = [new SuiteAssertion("equals", expected, null, 1)],
        Location = new SourceLocation("bank.yaml", 1, 1),
    };

    private static RunnableSuite Load(Suite suite, params (string Text, SourceLocation Where)[] overrides)
    {
        var loaded = SuiteLoader.Load(suite, overrides, haveJudge: false);
        Assert.True(loaded.Success, string.Join("\n", loaded.Errors));
        return loaded.Value;
    }

    private static async Task<MockModelServer> Mock(string rules) =>
        await MockModelServer.StartAsync(new MockModelOptions { Rules = MockRulesParser.Parse(rules, "rules.yaml").GetValueOrThrow() });

    [Fact]
    public async Task Every_turn_arrives_in_order_with_tool_calls_and_tool_results_and_the_vars_filled_in()
    {
        var transcript = System.Text.Json.JsonSerializer.Serialize(Transcript);
        await using var server = await Mock($$"""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - conversation: {{transcript}}
                answer: whole conversation
            """);
        var suite = Load(Suite(Case("trace-1", Conversation(), "whole conversation")));
        var (report, lines) = await _fixture.RunAsync(suite, Fast(), [RunnerFixture.OpenAi(server)]);

        Assert.True(report.Complete);
        var line = Assert.Single(lines);
        Assert.Equal("whole conversation", (string)line["output"]!);
        Assert.True((bool)line["pass"]!);
    }

    [Fact]
    public async Task A_targets_system_prompt_replaces_the_system_turn_or_comes_first_when_there_is_none()
    {
        await using var server = await Mock("""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - conversation: "system: Refund in full, Ana.\nuser: Where is order NW-7?\n"
                answer: override first
            """);
        var suite = Load(
            Suite(Case("with-system", Conversation(), "override first"), Case("without-system", Conversation(withSystem: false), "override first")),
            ("Refund in full, {{name}}.", new SourceLocation("targets.yaml", 3, 5)));
        var target = RunnerFixture.OpenAi(server) with { SystemPrompt = "Refund in full, {{name}}." };
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [target]);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal("override first", (string)l["output"]!));
    }

    [Fact]
    public async Task Cases_of_the_suites_prompts_and_conversations_run_side_by_side()
    {
        await using var server = await Mock("""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - conversation: "tool call_1:"
                answer: replayed
            """);
        var suite = Load(Suite(Case("trace", Conversation(), "replayed"), Case("prompt", null, "Hello Ana")) with { UserPrompt = "Hello {{name}}" });
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [RunnerFixture.OpenAi(server)]);

        Assert.True((bool)lines.Single(l => (string)l["case"]! == "trace")["pass"]!);
        var prompt = lines.Single(l => (string)l["case"]! == "prompt");
        Assert.Equal("Hello Ana", (string)prompt["output"]!);
    }

    [Fact]
    public async Task An_http_target_gets_the_conversation_as_messages_and_the_last_user_turn_as_prompt()
    {
        await using var server = await Mock($$"""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - conversation: {{System.Text.Json.JsonSerializer.Serialize(Transcript)}}
                answer: whole conversation
            """);
        var suite = Load(Suite(Case("trace-1", Conversation(), "whole conversation")));
        var target = new TargetDefinition
        {
            Id = "agent",
            Kind = TargetKind.Http,
            Url = new Uri(server.BaseUrl + "/chat/completions"),
            Body = JsonNode.Parse("""{"model":"m","messages":"{{messages}}","metadata":{"prompt":"{{prompt}}","system":"{{system}}"}}"""),
            OutputPointer = "/choices/0/message/content",
        };
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [target]);

        Assert.Equal("whole conversation", (string)Assert.Single(lines)["output"]!);
    }

    [Fact]
    public async Task An_http_target_gets_the_prompts_as_messages_unless_the_case_has_a_variable_of_that_name()
    {
        await using var server = await Mock("""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - conversation: "system: Be brief.\nuser: Hello Ana\n"
                answer: prompts as messages
              - conversation: "user: my own messages\n"
                answer: the variable
            """);
        var withVariable = Case("own", null, "the variable") with
        {
            Vars = new JsonObject { ["name"] = "Bo", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "my own messages" }) },
        };
        var suite = Load(Suite(Case("prompt", null, "prompts as messages"), withVariable) with { SystemPrompt = "Be brief.", UserPrompt = "Hello {{name}}" });
        var target = new TargetDefinition
        {
            Id = "agent",
            Kind = TargetKind.Http,
            Url = new Uri(server.BaseUrl + "/chat/completions"),
            Body = JsonNode.Parse("""{"model":"m","messages":"{{messages}}"}"""),
            OutputPointer = "/choices/0/message/content",
        };
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [target]);

        Assert.All(lines, l => Assert.True((bool)l["pass"]!, (string?)l["output"]));
    }

    [Fact]
    public async Task A_command_target_gets_the_conversation_as_messages_on_standard_input()
    {
        var received = Path.Combine(_fixture.Folder, "stdin.json");
        var script = _fixture.Write("agent.sh", $$"""
            #!/bin/sh
            cat > '{{received}}'
            printf '{"output":"ok"}'
            """);
        var suite = Load(Suite(Case("trace-1", Conversation(), "ok")));
        var target = new TargetDefinition { Id = "agent", Kind = TargetKind.Command, Command = ["/bin/sh", script] };
        var (_, lines) = await _fixture.RunAsync(suite, Fast(), [target]);

        Assert.True((bool)Assert.Single(lines)["pass"]!);
        var input = JsonNode.Parse(File.ReadAllText(received))!;
        Assert.Equal("And when will it arrive? Ana", (string)input["prompt"]!);
        Assert.Equal("You are the support agent of Northwind.", (string)input["system"]!);
        var messages = input["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool", "user"], messages.Select(m => (string)m!["role"]!));
        Assert.Null(messages[2]!["content"]);
        Assert.Equal("call_1", (string)messages[2]!["tool_calls"]![0]!["id"]!);
        Assert.Equal("lookup_order", (string)messages[2]!["tool_calls"]![0]!["function"]!["name"]!);
        Assert.Equal("""{"order_id":"NW-7"}""", (string)messages[2]!["tool_calls"]![0]!["function"]!["arguments"]!);
        Assert.Equal("call_1", (string)messages[3]!["tool_call_id"]!);
    }

    [Fact]
    public void A_turn_that_reads_a_missing_variable_or_has_a_broken_placeholder_is_an_error_naming_the_turn()
    {
        var broken = Case("broken", [new ChatTurn { Role = "user", Content = "Hi {{name" }], "x");
        var missing = Case("missing", [new ChatTurn { Role = "system", Content = "Be kind." }, new ChatTurn { Role = "user", Content = "Order {{order}}" }], "x");
        var loaded = SuiteLoader.Load(Suite(broken, missing), [], haveJudge: false);

        Assert.False(loaded.Success);
        Assert.All(loaded.Errors, e => Assert.Equal(ErrorCodes.TemplateVariable, e.Code));
        Assert.Contains(loaded.Errors, e => e.Message.StartsWith("the conversation's turn 1 (user) of case 'broken': the placeholder at '{{name' is never closed", StringComparison.Ordinal));
        Assert.Contains(loaded.Errors, e => e.Message == "the conversation's turn 2 (user) reads '{{order}}', which case 'missing' does not define; add it to the case's vars or to defaults.vars.");
    }

    [Fact]
    public void A_targets_system_prompt_is_checked_against_conversation_cases_too()
    {
        var loaded = SuiteLoader.Load(Suite(Case("trace-1", Conversation(), "x")), [("Policy for {{tier}}", new SourceLocation("targets.yaml", 4, 5))], haveJudge: false);

        Assert.Contains(loaded.Errors, e => e.Code == ErrorCodes.TemplateVariable && e.Message.Contains("'{{tier}}', which case 'trace-1'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_suite_without_a_user_prompt_runs_conversations_but_not_cases_that_need_the_prompt()
    {
        Assert.True(SuiteLoader.Load(Suite(Case("trace-1", Conversation(), "x")), [], haveJudge: false).Success);

        var loaded = SuiteLoader.Load(Suite(Case("trace-1", Conversation(), "x"), Case("plain", null, "x"), Case("plain-2", null, "x")), [], haveJudge: false);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal(ErrorCodes.SuiteNotRunnable, error.Code);
        Assert.Contains("case 'plain' has no 'messages' of its own", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_key_of_a_conversation_depends_on_its_turns()
    {
        var plain = new TargetRequest("s", "c", 0, null, "hi", []);
        var one = plain with { Conversation = [new ChatTurn { Role = "user", Content = "hi" }] };
        var two = plain with { Conversation = [new ChatTurn { Role = "user", Content = "hello" }, new ChatTurn { Role = "assistant", Content = "?" }, new ChatTurn { Role = "user", Content = "hi" }] };

        Assert.Equal(3, new[] { ResponseCache.Key("{}", plain), ResponseCache.Key("{}", one), ResponseCache.Key("{}", two) }.Distinct().Count());
    }
}
