using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.MockModel;
using ReleaseGate.Runner.Execution;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>Mock-model rules that read the system prompt (<c>rules[].system</c>): parsing, matching, and over HTTP.</summary>
public sealed class MockRulesTests : IDisposable
{
    private readonly RunnerFixture _fixture = new();
    private const string TwoPrompts = """
        apiVersion: releasegate/v1
        kind: MockModelRules
        rules:
          - contains: "order NW-1"
            system: "Refund in full"
            model: big
            answer: Refunded in full.
          - contains: "order NW-1"
            model: big
            answer: Store credit instead.
        """;

    [Fact]
    public void A_rule_with_system_applies_only_when_the_system_prompt_contains_its_text()
    {
        var rules = MockRulesParser.Parse(TwoPrompts, "rules.yaml").GetValueOrThrow();
        Assert.Equal("Refund in full", rules.Rules[0].System);
        Assert.Null(rules.Rules[1].System);

        Assert.Equal("Refunded in full.", Answer(rules, "big", "About order NW-1", "Rules: Refund in full at once."));
        Assert.Equal("Store credit instead.", Answer(rules, "big", "About order NW-1", "Rules: prefer store credit."));

        // Ordinal: another case is another text. No system prompt at all never fits a rule that asks for one.
        Assert.Equal("Store credit instead.", Answer(rules, "big", "About order NW-1", "Rules: refund in full at once."));
        Assert.Equal("Store credit instead.", Answer(rules, "big", "About order NW-1", null));
        Assert.Equal("Store credit instead.", Answer(rules, "big", "About order NW-1", ""));

        // Every key must fit: the right system prompt with another model or another message is not enough.
        Assert.Equal("About order NW-1", Answer(rules, "small", "About order NW-1", "Refund in full"));
        Assert.Equal("About order NW-2", Answer(rules, "big", "About order NW-2", "Refund in full"));
        Assert.False(rules.Rules[0].Applies("big", "Refund in full", "About order NW-1"));
    }

    [Fact]
    public void A_rule_with_conversation_applies_when_any_turn_of_the_transcript_contains_its_text_and_may_not_be_empty()
    {
        var rules = MockRulesParser.Parse("""
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - conversation: "tool call_1: shipped"
                answer: After the lookup.
            """, "rules.yaml").GetValueOrThrow();
        Assert.Equal("tool call_1: shipped", rules.Rules[0].Conversation);
        Assert.Equal("After the lookup.", rules.Answer("m", "when?", null, "user: where?\ntool call_1: shipped\nuser: when?\n").Next().Answer);
        Assert.Equal("when?", rules.Answer("m", "when?", null, "user: when?\n").Next().Answer);
        Assert.Equal("when?", rules.Answer("m", "when?").Next().Answer);

        var empty = MockRulesParser.Parse("apiVersion: releasegate/v1\nkind: MockModelRules\nrules:\n  - conversation: \"\"\n    answer: x\n", "rules.yaml");
        Assert.Equal("rules.yaml:4:19: RG1407: 'conversation' is empty; give the text the request's conversation must contain, or leave 'conversation' out to match any.", Assert.Single(empty.Errors).ToString());
    }

    [Fact]
    public void An_empty_system_is_an_error_and_the_default_has_no_system()
    {
        var empty = MockRulesParser.Parse("apiVersion: releasegate/v1\nkind: MockModelRules\nrules:\n  - contains: refund\n    system: \"\"\n    answer: x\n", "rules.yaml");
        var error = Assert.Single(empty.Errors);
        Assert.Equal("rules.yaml:5:13: RG1407: 'system' is empty; give the text the request's system prompt must contain, or leave 'system' out to match any.", error.ToString());

        var notText = MockRulesParser.Parse("apiVersion: releasegate/v1\nkind: MockModelRules\nrules:\n  - system: [a, b]\n    answer: x\n", "rules.yaml");
        Assert.Equal("rules.yaml:4:13", Assert.Single(notText.Errors).Location.ToString());

        var inDefault = MockRulesParser.Parse("apiVersion: releasegate/v1\nkind: MockModelRules\ndefault:\n  system: a\n  answer: x\n", "rules.yaml");
        Assert.Contains("system", Assert.Single(inDefault.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_http_the_system_and_developer_messages_choose_the_answer()
    {
        var rules = MockRulesParser.Parse(TwoPrompts, "rules.yaml").GetValueOrThrow();
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Rules = rules });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        async Task<string> Ask(JsonArray messages)
        {
            var body = new JsonObject { ["model"] = "big", ["messages"] = messages }.ToJsonString();
            var response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]!;
        }

        static JsonObject Message(string role, JsonNode content) => new() { ["role"] = role, ["content"] = content };
        Assert.Equal("Refunded in full.", await Ask([Message("system", "Refund in full."), Message("user", "About order NW-1")]));
        Assert.Equal("Store credit instead.", await Ask([Message("system", "Offer store credit."), Message("user", "About order NW-1")]));
        Assert.Equal("Store credit instead.", await Ask([Message("user", "About order NW-1")]));

        // The developer role is the system prompt too; several messages and text parts are read as one prompt.
        Assert.Equal("Refunded in full.", await Ask([Message("developer", "Refund in full."), Message("user", "About order NW-1")]));
        Assert.Equal("Refunded in full.", await Ask(
        [
            Message("system", "Be brief."),
            Message("system", new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Refund " }, new JsonObject { ["type"] = "text", ["text"] = "in full." })),
            Message("user", "About order NW-1"),
        ]));

        // An assistant message that quotes the text is not the system prompt.
        Assert.Equal("Store credit instead.", await Ask([Message("assistant", "Refund in full"), Message("user", "About order NW-1")]));
    }

    [Fact]
    public async Task Two_releases_on_one_model_answer_as_their_system_prompts_say()
    {
        var rules = MockRulesParser.Parse(TwoPrompts, "rules.yaml").GetValueOrThrow();
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Rules = rules });
        var suite = RunnerFixture.Load(_fixture.Write("refunds.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: refunds
            prompts: { user: "About order {{order}}" }
            cases:
              - id: r1
                vars: { order: NW-1 }
                assert: [{ type: icontains, value: refunded }]
            """));
        var options = new RunOptions { Concurrency = 4, Timeout = TimeSpan.FromSeconds(5), Repeat = 2 };
        var (_, lines) = await _fixture.RunAsync(suite, options,
        [
            RunnerFixture.OpenAi(server, "big", "fix") with { SystemPrompt = "Refund in full; offer store credit only when asked." },
            RunnerFixture.OpenAi(server, "big", "candidate") with { SystemPrompt = "Prefer store credit." },
        ]);

        Assert.Equal(4, lines.Count);
        Assert.All(lines.Where(l => (string)l["target"]! == "candidate"), l => Assert.True((bool)l["pass"]!));
        Assert.All(lines.Where(l => (string)l["target"]! == "baseline"), l => Assert.False((bool)l["pass"]!));
    }

    public void Dispose() => _fixture.Dispose();

    private static string Answer(MockRules rules, string model, string message, string? system) => rules.Answer(model, message, system).Next().Answer;
}
