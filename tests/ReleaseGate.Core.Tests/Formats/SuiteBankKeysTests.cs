using System.Text;
using CsCheck;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Tests.Bank;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

/// <summary>A suite case's description, conversation (messages) and regression-bank key (issue 19).</summary>
public class SuiteBankKeysTests
{
    private const string Head = "apiVersion: releasegate/v1\nkind: Suite\nname: regressions\ncases:\n";

    private static readonly Suite s_suite = new() { File = "s.yaml", Name = "s" };

    [Fact]
    public void A_case_reads_its_description_conversation_and_bank_key()
    {
        var suite = SuiteParser.Parse(Head + """
              - id: inc-1
                description: refund over the limit
                messages:
                  - { role: system, content: You are a support agent. }
                  - { role: user, content: Refund order 17 }
                  - role: assistant
                    tool_calls:
                      - { id: call_1, name: lookup_order, arguments: { order: 17 } }
                      - { id: call_2, name: policy, arguments: '{"topic": "refunds"}' }
                  - { role: tool, tool_call_id: call_1, content: '{"total": 900}' }
                  - { role: tool, tool_call_id: call_2, content: refunds up to 500 }
                bank:
                  state: quarantined
                  source: incident
                  added_by: ana
                  added_at: 2026-10-01T09:00:00Z
                  reason: refunded 900 against a 500 limit
                  incident: INC-1
                  release: 2026.10.1
                  reference: support-core/refund-017
                  original_output: Refunded 900.
                  quarantine: { reason: flaky judge, owner: ana, until: 2026-12-31T00:00:00Z }
                  fingerprint: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            """, "bank.yaml").GetValueOrThrow();

        var c = Assert.Single(suite.Cases);
        Assert.Equal("refund over the limit", c.Description);
        Assert.Empty(c.Vars);
        Assert.Equal(["system", "user", "assistant", "tool", "tool"], c.Messages!.Select(t => t.Role));
        Assert.Equal([new ChatToolCall("call_1", "lookup_order", """{"order":17}"""), new ChatToolCall("call_2", "policy", """{"topic": "refunds"}""")], c.Messages![2].ToolCalls);
        Assert.Null(c.Messages[2].Content);
        Assert.Equal("call_1", c.Messages[3].ToolCallId);
        var bank = c.Bank!;
        Assert.Equal(BankState.Quarantined, bank.State);
        Assert.Equal(new BankQuarantine("flaky judge", "ana", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero)), bank.Quarantine);
        Assert.Equal(
            new BankProvenance
            {
                Source = BankSource.Incident, AddedBy = "ana", AddedAt = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero), Reason = "refunded 900 against a 500 limit",
                Incident = "INC-1", Release = "2026.10.1", Reference = "support-core/refund-017", OriginalOutput = "Refunded 900.",
            },
            bank.Provenance);
        Assert.Equal(BankState.Active, bank.StateAt(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(BankState.Quarantined, bank.StateAt(new DateTimeOffset(2026, 12, 30, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("messages: []", "RG1035", 6, 15, "holds no turn")]
    [InlineData("messages: [{ role: user }]", "RG1005", 6, 16, "missing required key 'content' in a user turn")]
    [InlineData("messages: [{ role: users, content: x }]", "RG1008", 6, 24, "Did you mean 'user'?")]
    [InlineData("messages: [{ role: user, content: hi }, { role: assistant, content: hello }]", "RG1035", 6, 45, "ends with an assistant turn")]
    [InlineData("messages: [{ role: user, content: hi }, { role: assistant }, { role: user, content: x }]", "RG1035", 6, 45, "needs 'content' or 'tool_calls'")]
    [InlineData("messages: [{ role: user, content: hi, tool_calls: [] }]", "RG1035", 6, 55, "only assistant turns call tools")]
    [InlineData("messages: [{ role: user, content: hi, tool_call_id: c1 }]", "RG1035", 6, 57, "only tool turns answer")]
    [InlineData("messages: [{ role: user, content: hi }, { role: tool, content: x, tool_call_id: c9 }]", "RG1036", 6, 85, "'c9', which no earlier assistant turn made")]
    [InlineData("messages: [{ role: tool, content: x }]", "RG1005", 6, 16, "'tool_call_id'")]
    [InlineData("messages: [{ role: user, content: hi }, { role: assistant, tool_calls: [{ id: c1, name: t }, { id: c1, name: u }] }, { role: tool, content: x, tool_call_id: c1 }]", "RG1012", 6, 104, "duplicate tool call 'c1'")]
    [InlineData("messages: [{ role: user, content: hi }, { role: assistant, tool_calls: [{ id: c1, name: t, arguments: [1] }] }, { role: tool, content: x, tool_call_id: c1 }]", "RG1006", 6, 107, "'arguments' must be a string of JSON, or a mapping")]
    [InlineData("messages: [{ role: user, content: hi, name: bob }]", "RG1004", 6, 43, "unknown key 'name' in a conversation turn")]
    [InlineData("description: [a]", "RG1006", 6, 18, "'description' must be a string")]
    [InlineData("bank: { state: quarantined }", "RG1037", 6, 20, "needs 'quarantine'")]
    [InlineData("bank: { state: retired }", "RG1037", 6, 20, "needs 'retired'")]
    [InlineData("bank: { quarantine: { reason: r, owner: o, until: 2026-12-01T00:00:00Z } }", "RG1037", 6, 25, "belongs to a case that is quarantined")]
    [InlineData("bank: { retired: old }", "RG1037", 6, 22, "belongs to a case that is retired")]
    [InlineData("bank: { source: incident, added_by: ana }", "RG1038", 6, 11, "add 'added_at', 'reason'")]
    [InlineData("bank: { incident: INC-1 }", "RG1038", 6, 11, "add 'source', 'added_by', 'added_at', 'reason'")]
    [InlineData("bank: { fingerprint: sha256:ABC }", "RG1039", 6, 26, "'fingerprint' must be 'sha256:'")]
    [InlineData("bank: { state: activ }", "RG1008", 6, 20, "Did you mean 'active'?")]
    [InlineData("bank: { source: incidnet, added_by: a, added_at: 2026-10-01T00:00:00Z, reason: r }", "RG1008", 6, 21, "Did you mean 'incident'?")]
    [InlineData("bank: { added_at: yesterday, source: manual, added_by: a, reason: r }", "RG1014", 6, 23, "'added_at' must be an RFC 3339 timestamp")]
    [InlineData("bank: { state: quarantined, quarantine: { reason: r, owner: o } }", "RG1005", 6, 45, "missing required key 'until'")]
    [InlineData("bank: { stat: active }", "RG1004", 6, 13, "did you mean 'state'?")]
    public void A_bad_conversation_or_bank_key_is_an_error_with_its_place(string yaml, string code, int line, int column, string message)
    {
        var result = SuiteParser.Parse(Head + "  - id: c1\n    " + yaml + "\n", "bank.yaml");

        Assert.False(result.Success);
        var error = result.Errors.First(e => e.Code == code);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"c1","description":"d","messages":[{"role":"user","content":"hi"}]}""", true)]
    [InlineData("""{"id":"c1","messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"a","name":"t","arguments":{"x":[1,"y"]}}]},{"role":"tool","tool_call_id":"a","content":"ok"}]}""", true)]
    [InlineData("""{"id":"c1","description":7}""", false)]
    [InlineData("""{"id":"c1","messages":[]}""", false)]
    [InlineData("""{"id":"c1","messages":[{"role":"user","content":null}]}""", false)]
    [InlineData("""{"id":"c1","messages":[{"role":"user","content":"hi","tool_calls":[]}]}""", false)]
    [InlineData("""{"id":"c1","messages":[{"role":"assistant","content":"hi"}]}""", false)]
    [InlineData("""{"id":"c1","messages":[{"role":"tool","content":"hi","tool_call_id":"x"}]}""", false)]
    [InlineData("""{"id":"c1","messages":[{"role":"user","content":"hi","role":"user"}]}""", false)]
    [InlineData("""{"id":"c1","bank":{"state":"active"}}""", true)]
    [InlineData("""{"id":"c1","bank":{"state":"quarantined","quarantine":{"reason":"r","owner":"o","until":"2026-12-01T00:00:00+02:00"},"source":"trace","added_by":"a","added_at":"2026-10-01T00:00:00.5Z","reason":"r","reference":"t-9"}}""", true)]
    [InlineData("""{"id":"c1","bank":{"state":"quarantined"}}""", false)]
    [InlineData("""{"id":"c1","bank":{"state":"active","quarantine":{"reason":"r","owner":"o","until":"2026-12-01T00:00:00Z"}}}""", false)]
    [InlineData("""{"id":"c1","bank":{"state":"retired"}}""", false)]
    [InlineData("""{"id":"c1","bank":{"incident":"INC-1"}}""", false)]
    [InlineData("""{"id":"c1","bank":{"source":"trace","added_by":"a","added_at":"yesterday","reason":"r"}}""", false)]
    [InlineData("""{"id":"c1","bank":{"fingerprint":"sha256:00"}}""", false)]
    [InlineData("""{"id":"c1","bank":{"state":null}}""", false)]
    [InlineData("""{"id":"c1","bank":{"state":"activ"}}""", false)]
    [InlineData("""{"id":"c1","bank":{"state":"quarantined","quarantine":{"reason":"r","owner":"o","until":"2026-12-01T00:00:00Z","x":1}}}""", false)]
    public void The_fast_reader_reads_plain_conversations_and_bank_keys_and_leaves_the_rest_to_the_located_reader(string line, bool plain)
    {
        var fast = CaseLineReader.TryReadPlain(s_suite, Encoding.UTF8.GetBytes(line), "c.jsonl", 3);
        var errors = new List<GateError>();
        var located = CaseLineReader.ReadLocated(s_suite, Encoding.UTF8.GetBytes(line), "c.jsonl", 3, errors);

        Assert.Equal(plain, fast is not null);
        if (fast is not null)
        {
            Assert.Empty(BankCaseGen.Differences(located!, fast, bank: true));
        }
    }

    [Fact]
    public void The_fast_and_located_readers_read_every_case_line_alike()
    {
        BankCaseGen.Case.Sample(c =>
        {
            var line = Encoding.UTF8.GetBytes(BankCaseJson.Write(c));
            var fast = CaseLineReader.TryReadPlain(s_suite, line, "c.jsonl", 5);
            var errors = new List<GateError>();
            var located = CaseLineReader.ReadLocated(s_suite, line, "c.jsonl", 5, errors);

            Assert.True(located is not null, Encoding.UTF8.GetString(line) + "\n" + string.Join("\n", errors));
            Assert.NotNull(fast);
            var problems = BankCaseGen.Differences(located, fast, bank: true).Concat(BankCaseGen.Differences(c with { Bank = null }, fast, bank: true)).ToList();
            Assert.True(problems.Count == 0, Encoding.UTF8.GetString(line) + "\n" + string.Join("\n", problems));
        }, iter: 400);
    }

    [Fact]
    public void A_case_line_with_a_bank_key_is_read_with_it()
    {
        const string line = """{"id":"inc-1","vars":{"message":"hi"},"bank":{"state":"retired","retired":"tool removed","fingerprint":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}}""";
        var errors = new List<GateError>();

        var c = CaseLineReader.Read(s_suite, Encoding.UTF8.GetBytes(line), "c.jsonl", 2, errors);

        Assert.Empty(errors);
        Assert.Equal(new BankCaseInfo { State = BankState.Retired, RetiredReason = "tool removed", Fingerprint = "sha256:" + new string('0', 64) }, c!.Bank);
    }

    [Fact]
    public void A_CSV_case_keeps_its_description()
    {
        var errors = new List<GateError>();

        var c = SuiteParser.ReadCsvCase(s_suite, ["id", "description", "message"], ["c1", "greets", "hi"], "c.csv", 2, errors);

        Assert.Equal("greets", c!.Description);
        Assert.Equal("""{"message":"hi"}""", c.Vars.ToJsonString());
    }
}
