using System.Security.Cryptography;
using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;
using ReleaseGate.MockModel;
using ReleaseGate.Runner.Execution;
using ReleaseGate.Runner.Import;
using ReleaseGate.Runner.Suites;
using Xunit;
using static ReleaseGate.Runner.Tests.Import.ImportHarness;

namespace ReleaseGate.Runner.Tests.Import;

public sealed class TraceImporterTests
{
    private const string Request = """{"model":"m","messages":[{"role":"user","content":"Where is NW-7?"}]}""";
    private const string Response = """{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":"It shipped."}}]}""";

    private static ParseResult<BankImport> Read(string text, string? id = null) =>
        TraceImporter.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "traces.jsonl", id);

    private static BankImport Valid(string text, string? id = null)
    {
        var result = Read(text, id);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Value;
    }

    private static GateError Error(string text, string? id = null)
    {
        var result = Read(text, id);
        Assert.False(result.Success);
        return Assert.Single(result.Errors);
    }

    private static string Sha12(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];

    [Fact]
    public void The_example_incident_becomes_a_conversation_with_tool_calls_its_output_and_its_tools()
    {
        var result = TraceImporter.Read(Fixture("traces", "refund-incident.json"), "refund-incident.json");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        var candidate = Assert.Single(result.Value.Candidates);

        var turns = candidate.Case.Messages!;
        Assert.Equal(["system", "user", "assistant", "tool"], turns.Select(t => t.Role));
        Assert.Equal("My order NW-1042 arrived broken.\nI want my $240 back today.", turns[1].Content);
        Assert.Null(turns[2].Content);
        Assert.Equal(new ChatToolCall("call_7Qx2", "lookup_order", """{"order_id":"NW-1042"}"""), Assert.Single(turns[2].ToolCalls));
        Assert.Equal("call_7Qx2", turns[3].ToolCallId);
        Assert.Empty(candidate.Case.Vars);
        Assert.Empty(candidate.Case.Assertions);
        Assert.Equal("I've refunded the full $240 to your card.\nissue_refund({\"order_id\":\"NW-1042\",\"amount\":240})", candidate.OriginalOutput);
        Assert.Equal(["lookup_order", "issue_refund"], candidate.Tools);
        Assert.Equal("refund-incident.json#1 (chatcmpl-incident-2291)", candidate.Reference);
        Assert.Equal(new SourceLocation("refund-incident.json", 1, 1), candidate.Case.Location);
        Assert.Empty(candidate.Warnings);
        Assert.Matches("^trace-[0-9a-f]{12}$", candidate.Case.Id);
    }

    [Fact]
    public void The_id_hashes_the_requests_canonical_json_so_key_order_spacing_and_the_response_do_not_change_it()
    {
        var canonical = CanonicalJson.Serialize(System.Text.Json.Nodes.JsonNode.Parse(Request));
        var expected = "trace-" + Sha12(canonical);

        var wrapped = Valid($$"""{"request":{{Request}},"response":{{Response}}}""");
        var reordered = Valid("""{"response":{"choices":[{"message":{"role":"assistant","content":"Other answer"}}]},"request":{ "messages" : [ {"content":"Where is NW-7?","role":"user"} ], "model":"m" }}""");
        var flat = Valid("""{"model":"m","messages":[{"role":"user","content":"Where is NW-7?"}],"choices":[{"message":{"role":"assistant","content":"x"}}]}""");
        var nested = Valid("""{"model":"m","messages":[{"role":"user","content":"Where is NW-7?"}],"response":{"choices":[{"message":{"role":"assistant","content":"x"}}]}}""");

        Assert.All(new[] { wrapped, reordered, flat, nested }, i => Assert.Equal(expected, Assert.Single(i.Candidates).Case.Id));
        Assert.Equal("It shipped.", wrapped.Candidates[0].OriginalOutput);
        Assert.Equal("x", flat.Candidates[0].OriginalOutput);
    }

    [Fact]
    public void A_list_and_json_lines_give_one_candidate_per_trace_in_order_and_a_repeated_request_once()
    {
        var other = Request.Replace("NW-7", "NW-8", StringComparison.Ordinal);
        var list = Valid($$"""[{"request":{{Request}},"response":{{Response}}}, {"request":{{other}}}]""");
        Assert.Equal(["Where is NW-7?", "Where is NW-8?"], list.Candidates.Select(c => c.Case.Messages![0].Content));
        Assert.Equal(["traces.jsonl#1 (chatcmpl-1)", "traces.jsonl#2"], list.Candidates.Select(c => c.Reference));

        var lines = Valid($"{{\"request\":{Request}}}\n{{\"request\":{other}}}\n\n{{\"request\":{Request},\"response\":{Response}}}\n");
        Assert.Equal(2, lines.Candidates.Count);
        Assert.Equal(new SourceLocation("traces.jsonl", 2, 1), lines.Candidates[1].Case.Location);
        Assert.Equal("trace 3 has the same request as trace 1; it is left out (one case per request).", Assert.Single(lines.Warnings));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_columns_count_after_it()
    {
        var bom = Encoding.UTF8.GetPreamble();
        var ok = TraceImporter.Read(new MemoryStream([.. bom, .. Encoding.UTF8.GetBytes($"{{\"request\":{Request}}}")]), "traces.json");
        Assert.True(ok.Success, string.Join("\n", ok.Errors));

        var bad = TraceImporter.Read(new MemoryStream([.. bom, .. Encoding.UTF8.GetBytes("  {\"model\":\"m\"}")]), "traces.json");
        Assert.Equal(new SourceLocation("traces.json", 1, 3), Assert.Single(bad.Errors).Location);
    }

    [Fact]
    public void A_given_id_names_a_single_trace_and_is_refused_for_several_or_when_it_is_not_an_id()
    {
        Assert.Equal("refund-nw-1042", Assert.Single(Valid($"{{\"request\":{Request}}}", "refund-nw-1042").Candidates).Case.Id);

        var several = Error($"{{\"request\":{Request}}}\n{{\"request\":{Request.Replace("7", "8", StringComparison.Ordinal)}}}", "refund");
        Assert.Equal((BankImportCodes.CaseId, "traces.jsonl"), (several.Code, several.Location.ToString()));
        Assert.StartsWith("a case id was given, but the file holds 2 traces", several.Message, StringComparison.Ordinal);

        var invalid = Error($"{{\"request\":{Request}}}", "refund/../x");
        Assert.Equal(BankImportCodes.CaseId, invalid.Code);
        Assert.Equal("'refund/../x' is not a valid case id; use letters, digits, '.', '_' and '-', starting with a letter or a digit, at most 128 characters.", invalid.Message);
    }

    [Fact]
    public void Warnings_say_what_a_replay_needs_checked()
    {
        var candidate = Assert.Single(Valid("""
            {"request":{"messages":[
              {"role":"developer","content":"Answer in {{lang}}."},
              {"role":"user","content":"Hi"},
              {"role":"assistant","content":"Hello!"}]}}
            """).Candidates);

        Assert.Equal("system", candidate.Case.Messages![0].Role);
        Assert.Null(candidate.OriginalOutput);
        Assert.Equal(
        [
            "trace 1: message 1 has the role 'developer', banked as 'system' (the same role under OpenAI's newer name).",
            "trace 1: message 1 holds '{{', which eval run reads as a placeholder of a variable; give the case that variable, or reword the text, before the case is replayed.",
            "trace 1's conversation ends with an assistant message; a replay asks the model for the message after it.",
            "trace 1 has no response: its original output is unknown.",
        ], candidate.Warnings);

        var choices = Assert.Single(Valid($$$"""{"request":{{{Request}}},"response":{"choices":[{"message":{"role":"assistant","content":"a"}},{"message":{"role":"assistant","content":"b"}}]}}""").Candidates);
        Assert.Equal("a", choices.OriginalOutput);
        Assert.Equal("trace 1's response has 2 choices; the first is kept as the original output.", Assert.Single(choices.Warnings));
    }

    [Theory]
    [InlineData("""{"request":{"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"x"}}]}]}}""",
        "trace 1: 'request.messages[0].content[1].type' is a 'image_url' part; only text parts can be replayed. Remove the part, or give its substance as text.")]
    [InlineData("""{"request":{"messages":[]}}""", "trace 1: 'request.messages' must be a non-empty list of messages.")]
    [InlineData("""{"request":"hello"}""", "trace 1: 'request' must be an object: the chat-completions request, with its 'messages'.")]
    [InlineData("""{"messages":[{"role":"function","name":"f","content":"x"}]}""",
        "trace 1: 'messages[0].role' is 'function'; a message's role must be system, developer, user, assistant or tool (legacy 'function' messages: convert them to tool messages).")]
    [InlineData("""{"messages":[{"content":"x"}]}""", "trace 1: 'messages[0].role' must be a string: system, developer, user, assistant or tool.")]
    [InlineData("""{"messages":[{"role":"user","content":42}]}""", "trace 1: 'messages[0].content' must be a string, null or a list of text parts.")]
    [InlineData("""{"messages":[{"role":"user"}]}""", "trace 1: 'messages[0].content' must be text: a string or a list of text parts.")]
    [InlineData("""{"messages":[{"role":"assistant","content":null}]}""", "trace 1: 'messages[0].content' must be text, or the message must have 'tool_calls'.")]
    [InlineData("""{"messages":[{"role":"assistant","content":{"text":"x"}}]}""", "trace 1: 'messages[0].content' must be a string, null or a list of text parts.")]
    [InlineData("""{"messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_9","content":"{}"}]}""",
        "trace 1: 'messages[1].tool_call_id' is 'call_9', which no earlier assistant tool call has as its id; a tool's answer must name the call it answers.")]
    [InlineData("""{"messages":[{"role":"user","content":"x"},{"role":"tool","content":"{}"}]}""", "trace 1: 'messages[1].tool_call_id' must be the id of the tool call this message answers.")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]}""",
        "trace 1: 'messages[0].tool_calls[0].id' must be the call's id, a non-empty string.")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}]}""",
        "trace 1: 'messages[0].tool_calls[0].function.name' must be the tool's name, a non-empty string.")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":7}}]}]}""",
        "trace 1: 'messages[0].tool_calls[0].function.arguments' must be the arguments as JSON text (a string) or an object.")]
    [InlineData("""{"messages":[{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}}]}""",
        "trace 1: 'messages[0].function_call' is the legacy single function call; convert it to 'tool_calls' with an id, which the tool's answer names.")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function"}]}""", "trace 1: 'tools[0].function.name' must be the tool's name, a non-empty string.")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"response":{"error":{"message":"rate limited"}}}""", "trace 1: 'response.choices' must be a non-empty list of choices.")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"choices":[{"text":"legacy completion"}]}""", "trace 1: 'choices[0].message' must be an object: the assistant's message.")]
    [InlineData("""{"model":"m","prompt":"hello"}""", "this object is not a trace: it has neither 'request' nor 'messages'. Give {\"request\": {\"model\", \"messages\", \"tools\"}, \"response\": {\"choices\": [...]}}, or the request object itself with its 'response' or 'choices'.")]
    public void A_field_of_the_wrong_shape_is_an_error_naming_its_json_path_at_the_traces_location(string trace, string message)
    {
        var error = Error("\n  " + trace);

        Assert.Equal(message, error.Message);
        Assert.Equal(BankImportCodes.TraceField, error.Code);
        Assert.Equal(new SourceLocation("traces.jsonl", 2, 3), error.Location);
    }

    [Fact]
    public void Every_bad_trace_of_a_file_is_reported_with_its_line()
    {
        var result = Read($"{{\"request\":{Request}}}\n{{\"messages\":[]}}\n{{\"request\":{Request.Replace("7", "8", StringComparison.Ordinal)}}}\n{{\"messages\":[{{\"role\":\"robot\",\"content\":\"x\"}}]}}\n");

        Assert.False(result.Success);
        Assert.Equal([2, 4], result.Errors.Select(e => e.Location.Line));
        Assert.StartsWith("trace 2: 'messages'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("trace 4: 'messages[0].role' is 'robot'", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, 0, "the file holds no trace; there is nothing to bank.")]
    [InlineData("   \n", 0, 0, "the file holds no trace; there is nothing to bank.")]
    [InlineData("[{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]},\n 42]", 2, 2, "the file holds a value that is not a trace object;")]
    [InlineData("\"a string\"", 1, 1, "the file holds a value that is not a trace object;")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}\n{\"messages\": [", 2, 15, "the file is not valid JSON:")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}\nnot json\n", 2, 2, "the file is not valid JSON:")]
    public void A_file_that_is_not_traces_is_an_error_at_its_line_and_column(string text, int line, int column, string start)
    {
        var error = Error(text);

        Assert.Equal(BankImportCodes.TraceFile, error.Code);
        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_trace_nested_past_the_depth_limit_is_an_error_not_a_crash()
    {
        var error = Error("{\"messages\":[{\"role\":\"user\",\"content\":" + new string('[', 50_000) + new string(']', 50_000) + "}]}");

        Assert.Equal((BankImportCodes.TraceFile, 1), (error.Code, error.Location.Line));
    }

    [Fact]
    public void A_trace_longer_than_the_line_limit_is_refused_without_holding_it_all()
    {
        var text = "\n{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', InputLimits.MaxJsonLineBytes + 10) + "\"}]}";

        var error = Error(text);

        Assert.Equal((ErrorCodes.LineTooLong, 2), (error.Code, error.Location.Line));
    }

    [Fact]
    public void A_file_of_more_traces_than_the_limit_is_refused()
    {
        var line = $"{{\"request\":{Request}}}\n";
        var error = Error(string.Concat(Enumerable.Repeat(line, TraceImporter.MaxTraces + 1)));

        Assert.Equal((BankImportCodes.TraceFile, TraceImporter.MaxTraces + 1), (error.Code, error.Location.Line));
    }

    [Fact]
    public void A_missing_file_is_an_unreadable_file_error()
    {
        var result = TraceImporter.Read(Path.Combine(Path.GetTempPath(), "no-such-trace-" + Guid.NewGuid().ToString("N") + ".json"), "missing.json");

        Assert.Equal(ErrorCodes.FileUnreadable, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task A_banked_trace_replays_its_conversation_against_the_mock_model()
    {
        var candidate = Assert.Single(TraceImporter.Read(Fixture("traces", "refund-incident.json"), "refund-incident.json").GetValueOrThrow().Candidates);
        await using var server = await MockModelServer.StartAsync(new MockModelOptions
        {
            Rules = MockRulesParser.Parse("""
                apiVersion: releasegate/v1
                kind: MockModelRules
                rules:
                  - conversation: "tool call_7Qx2: {\"order_id\":\"NW-1042\",\"total\":240.00,\"status\":\"delivered\"}"
                    answer: A refund of $240 needs a colleague's approval; I have asked one.
                """, "rules.yaml").GetValueOrThrow(),
        });
        using var fixture = new RunnerFixture();
        var @case = candidate.Case with { Assertions = [new SuiteAssertion("icontains", "approval", null, 1), new SuiteAssertion("tool-not-called", "issue_refund", null, 1)] };
        var suite = SuiteLoader.Load(new Suite { File = Path.Combine(fixture.Folder, "bank.yaml"), Name = "regressions", Cases = [@case] }, [], haveJudge: false).GetValueOrThrow();
        var (_, lines) = await fixture.RunAsync(suite, new RunOptions { Timeout = TimeSpan.FromSeconds(10) }, [RunnerFixture.OpenAi(server)]);

        Assert.True((bool)Assert.Single(lines)["pass"]!);
    }
}
