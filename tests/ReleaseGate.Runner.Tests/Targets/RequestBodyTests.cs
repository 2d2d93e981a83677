using System.Text.Json.Nodes;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary>An openai target sends what its targets file says, byte for byte as a server reads it: nothing renamed, added or rewritten.</summary>
public sealed class RequestBodyTests : IDisposable
{
    private readonly TargetHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static TargetDefinition Target(Uri url, string yaml)
    {
        var parsed = TargetsParser.Parse($"""
            apiVersion: releasegate/v1
            kind: Targets
            targets:
              - id: t
                type: openai
                base_url: {url}
                model: m
            {yaml}
            """, "targets.yaml");
        Assert.True(parsed.Success, string.Join("\n", parsed.Errors));
        return parsed.Value.Targets[0];
    }

    private async Task<JsonObject> SentBody(string yaml)
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedReply.Text("ok"));
        var outcome = await _harness.CallAsync(Target(server.BaseUrl, yaml), TargetHarness.Options());
        Assert.Null(outcome.Error);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        return (JsonObject)JsonNode.Parse(request.Body)!;
    }

    [Fact]
    public async Task Parameters_are_sent_under_their_own_names_with_their_values_as_written()
    {
        var body = await SentBody("""
                parameters: { temperature: 0.2, max_tokens: 600, top_p: 0.9, seed: 7, stop: ["END", "STOP"], frequency_penalty: 0.5, presence_penalty: -0.5, response_format: { type: json_object } }
            """);

        var expected = JsonNode.Parse("""
            {"model":"m","messages":[{"role":"user","content":"hello"}],
             "temperature":0.2,"max_tokens":600,"top_p":0.9,"seed":7,"stop":["END","STOP"],"frequency_penalty":0.5,"presence_penalty":-0.5,"response_format":{"type":"json_object"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public async Task Tool_schemas_are_sent_as_written_and_no_tool_choice_unless_the_target_sets_one()
    {
        var body = await SentBody("""
                tools:
                  - name: issue_refund
                    description: Refund an order.
                    parameters: { type: object, properties: { order_id: { type: string }, amount: { type: number } }, required: [order_id] }
                  - name: lookup_order
                    parameters: { type: object, properties: { order_id: { type: string } } }
            """);

        var expected = JsonNode.Parse("""
            {"model":"m","messages":[{"role":"user","content":"hello"}],
             "tools":[
               {"type":"function","function":{"name":"issue_refund","description":"Refund an order.",
                 "parameters":{"type":"object","properties":{"order_id":{"type":"string"},"amount":{"type":"number"}},"required":["order_id"]}}},
               {"type":"function","function":{"name":"lookup_order",
                 "parameters":{"type":"object","properties":{"order_id":{"type":"string"}}}}}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Theory]
    [InlineData("required", "\"required\"")]
    [InlineData("{ type: function, function: { name: lookup_order } }", """{"type":"function","function":{"name":"lookup_order"}}""")]
    public async Task A_tool_choice_the_target_sets_is_sent_as_written(string yaml, string json)
    {
        var body = await SentBody($"""
                parameters: {"{"} tool_choice: {yaml} {"}"}
                tools:
                  - {"{"} name: lookup_order, parameters: {"{"} type: object {"}"} {"}"}
            """);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), body["tool_choice"]), body.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"type":"function","function":{"name":"lookup_order","parameters":{"type":"object"}}}]"""), body["tools"]), body.ToJsonString());
    }
}
