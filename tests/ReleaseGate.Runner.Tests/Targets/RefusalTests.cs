using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary>A model's refusal (<c>content: null</c>, <c>refusal: "…"</c>) is its answer, marked as a refusal: never an empty pass.</summary>
public sealed class RefusalTests : IDisposable
{
    private const string Refusal = """{"role":"assistant","content":null,"refusal":"I'm sorry, I can't help with that."}""";

    private readonly RunnerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_refusal_is_the_output_marked_as_a_refusal_and_fails_not_icontains()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedReply.Completion(Refusal));
        var path = _fixture.Write("refuse.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: refuse
            prompts: { user: "{{q}}" }
            cases:
              - id: r1
                vars: { q: "Help me" }
                assert:
                  - { type: not-icontains, value: "can't help" }
            """);
        var (_, lines) = await _fixture.RunAsync(RunnerFixture.Load(path), TargetHarness.Options(), [TargetHarness.OpenAi(server.BaseUrl)]);

        var line = Assert.Single(lines);
        Assert.Null(line["error"]);
        Assert.False((bool)line["pass"]!);
        Assert.Equal("I'm sorry, I can't help with that.", (string)line["output"]!);
        Assert.True((bool)line["refusal"]!);
    }

    [Fact]
    public async Task An_answer_is_not_marked_as_a_refusal_and_a_cached_refusal_stays_one()
    {
        await using var server = await ScriptedServer.StartAsync((k, r) => r.Body.Contains("Help me", StringComparison.Ordinal)
            ? ScriptedReply.Completion(Refusal)
            : ScriptedReply.Text("Sure."));
        var suite = RunnerFixture.Load(_fixture.Write("mixed.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: mixed
            prompts: { user: "{{q}}" }
            cases:
              - { id: r1, vars: { q: "Help me" }, assert: [{ type: icontains, value: "sorry" }] }
              - { id: a1, vars: { q: "Hello" }, assert: [{ type: equals, value: "Sure." }] }
            """));
        var options = TargetHarness.Options() with { CacheDirectory = Path.Combine(_fixture.Folder, "cache") };

        var (_, first) = await _fixture.RunAsync(suite, options, [TargetHarness.OpenAi(server.BaseUrl)]);
        var (_, second) = await _fixture.RunAsync(suite, options, [TargetHarness.OpenAi(server.BaseUrl)]);

        foreach (var lines in new[] { first, second })
        {
            var r1 = lines.Single(l => (string)l["case"]! == "r1");
            Assert.True((bool)r1["refusal"]!);
            Assert.True((bool)r1["pass"]!);
            var a1 = lines.Single(l => (string)l["case"]! == "a1");
            Assert.False(a1.ContainsKey("refusal"));
            Assert.True((bool)a1["pass"]!);
        }

        Assert.All(second, l => Assert.True((bool)l["cached"]!));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_judge_that_refuses_makes_the_execution_an_error()
    {
        await using var model = await ScriptedServer.StartAsync(ScriptedReply.Text("The refund is on its way."));
        await using var judge = await ScriptedServer.StartAsync(ScriptedReply.Completion(Refusal));
        var suite = RunnerFixture.Load(_fixture.Write("judged.yaml", """
            apiVersion: releasegate/v1
            kind: Suite
            name: judged
            prompts: { user: "{{q}}" }
            cases:
              - { id: j1, vars: { q: "Refund?" }, assert: [{ type: llm-rubric, value: "The answer is polite." }] }
            """), judge: true);

        var (_, lines) = await _fixture.RunAsync(suite, TargetHarness.Options(), [TargetHarness.OpenAi(model.BaseUrl)], TargetHarness.OpenAi(judge.BaseUrl) with { Id = "judge" });

        var line = Assert.Single(lines);
        Assert.Null(line["pass"]);
        Assert.Contains("the judge refused", (string)line["error"]!, StringComparison.Ordinal);
    }
}
