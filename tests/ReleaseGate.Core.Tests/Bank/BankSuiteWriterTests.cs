using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Bank;

public class BankSuiteWriterTests
{
    [Fact]
    public void What_the_writer_writes_parses_back_to_the_same_cases()
    {
        BankCaseGen.Case.Array[0, 6].Sample(generated =>
        {
            var cases = generated.DistinctBy(c => c.Id).ToList();
            var text = new StringWriter();
            BankSuiteWriter.Write(text, "regressions", cases);

            var parsed = SuiteParser.Parse(text.ToString(), "bank.yaml");

            Assert.True(parsed.Success, text + "\n" + string.Join("\n", parsed.Errors));
            Assert.Equal("regressions", parsed.Value.Name);
            Assert.Equal(cases.Count, parsed.Value.Cases.Count);
            var problems = cases.Zip(parsed.Value.Cases, (want, got) => BankCaseGen.Differences(Exported(want), got, bank: true)).SelectMany(p => p).ToList();
            Assert.True(problems.Count == 0, text + "\n" + string.Join("\n", problems));
        }, iter: 200);
    }

    [Fact]
    public void A_bank_written_as_a_header_and_case_lines_reads_back_to_the_same_cases_on_both_readers()
    {
        BankCaseGen.Case.Array[0, 6].Sample(generated =>
        {
            var cases = generated.DistinctBy(c => c.Id).ToList();
            var header = new StringWriter();
            BankSuiteWriter.WriteHeader(header, "regressions", ["regressions.jsonl"]);
            var lines = new StringWriter();
            BankSuiteWriter.WriteCaseLines(lines, cases);

            var suite = SuiteParser.Parse(header.ToString(), "bank.yaml").GetValueOrThrow();
            Assert.Equal(["regressions.jsonl"], suite.CaseFiles);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString()));
            var read = SuiteParser.AddCases(suite, stream, "regressions.jsonl");

            Assert.True(read.Success, lines + "\n" + string.Join("\n", read.Errors));
            var problems = cases.Zip(read.Value.Cases, (want, got) => BankCaseGen.Differences(Exported(want), got, bank: true)).SelectMany(p => p).ToList();
            Assert.True(problems.Count == 0, lines + "\n" + string.Join("\n", problems));
            var number = 0;
            foreach (var line in lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var bytes = Encoding.UTF8.GetBytes(line);
                var fast = CaseLineReader.TryReadPlain(suite, bytes, "regressions.jsonl", ++number);
                var located = CaseLineReader.ReadLocated(suite, bytes, "regressions.jsonl", number, new List<Diagnostics.GateError>());
                Assert.True(fast is not null, line);
                Assert.Empty(BankCaseGen.Differences(located!, fast, bank: true));
            }
        }, iter: 200);
    }

    [Fact]
    public async Task The_async_line_writer_writes_what_the_line_writer_writes()
    {
        var cases = BankCaseGen.Case.Array[5].Single().DistinctBy(c => c.Id).ToList();
        var expected = new StringWriter();
        BankSuiteWriter.WriteCaseLines(expected, cases, Header());
        var actual = new StringWriter();

        await BankSuiteWriter.WriteCaseLinesAsync(actual, cases.ToAsyncEnumerable(), Header());

        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.Equal(cases.Count, actual.ToString().Count(ch => ch == '\n'));
    }

    [Fact]
    public async Task The_async_writer_writes_what_the_writer_writes()
    {
        var cases = BankCaseGen.Case.Array[5].Single().DistinctBy(c => c.Id).ToList();
        var header = Header();
        var expected = new StringWriter();
        BankSuiteWriter.Write(expected, "regressions", cases, header);
        var actual = new StringWriter();

        await BankSuiteWriter.WriteAsync(actual, "regressions", cases.ToAsyncEnumerable(), header);

        Assert.Equal(expected.ToString(), actual.ToString());
    }

    [Fact]
    public void The_header_carries_the_bank_files_description_prompts_and_defaults_and_cases_keep_their_own_assertions()
    {
        var header = Header();
        var parsedHeader = SuiteParser.Parse(HeaderText, "bank.yaml").GetValueOrThrow();
        var withDefaults = new SuiteCase
        {
            Id = "inc-1",
            Vars = new JsonObject { ["message"] = "refund please", ["tier"] = "gold" },
            Slices = ["refunds"],
            Severity = Severity.High,
            // As the parser gives it: the default assertion first.
            Assertions = [.. parsedHeader.Defaults.Assertions, new SuiteAssertion("contains", "refund", null, 1)],
        };
        var text = new StringWriter();
        BankSuiteWriter.Write(text, "regressions", [withDefaults], header);

        var parsed = SuiteParser.Parse(text.ToString(), "bank.yaml").GetValueOrThrow();

        Assert.Equal("the refunds incidents", parsed.Description);
        Assert.Equal("You are a support agent.\nBe brief.", parsed.SystemPrompt);
        Assert.Equal("{{message}}", parsed.UserPrompt);
        Assert.Equal(Severity.Low, parsed.Defaults.Severity);
        Assert.Equal(["billing"], parsed.Defaults.Slices);
        Assert.Equal("""{"tier":"gold"}""", parsed.Defaults.Vars.ToJsonString());
        var c = Assert.Single(parsed.Cases);
        Assert.Equal(["not-contains", "contains"], c.Assertions.Select(a => a.Type));
        Assert.Equal(["refunds"], c.Slices);
        Assert.Equal(Severity.High, c.Severity);
        Assert.Equal(BankFingerprint.Of(withDefaults), c.Bank!.Fingerprint);
        Assert.Equal(BankState.Active, c.Bank.State);
    }

    [Fact]
    public void Every_text_is_a_quoted_JSON_string_and_the_cases_are_in_block_style()
    {
        var c = new SuiteCase
        {
            Id = "inc-1",
            Description = "yes: no # not a comment",
            Vars = new JsonObject { ["n"] = 3, ["ok"] = true, ["s"] = "null" },
            Messages = [new ChatTurn { Role = "user", Content = "line 1\nline 2" }],
            Assertions = [new SuiteAssertion("llm-rubric", "polite", 0.75, 2)],
            Bank = new BankCaseInfo
            {
                State = BankState.Quarantined,
                Quarantine = new BankQuarantine("flaky", "ana", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero)),
                Provenance = new BankProvenance { Source = BankSource.Incident, AddedBy = "ana", AddedAt = new DateTimeOffset(2026, 10, 1, 9, 0, 0, 500, TimeSpan.Zero), Reason = "refund", Incident = "INC-1" },
                Fingerprint = "sha256:" + new string('a', 64),
            },
        };
        var text = new StringWriter();

        BankSuiteWriter.Write(text, "regressions", [c]);

        Assert.Equal(
            """
            apiVersion: releasegate/v1
            kind: Suite
            name: "regressions"
            cases:
              - id: "inc-1"
                description: "yes: no # not a comment"
                severity: "medium"
                slices: []
                vars: {"n": 3, "ok": true, "s": "null"}
                messages:
                  - role: "user"
                    content: "line 1\nline 2"
                assert:
                  - type: "llm-rubric"
                    value: "polite"
                    threshold: 0.75
                    weight: 2
                bank:
                  state: "quarantined"
                  source: "incident"
                  added_by: "ana"
                  added_at: "2026-10-01T09:00:00.5Z"
                  reason: "refund"
                  incident: "INC-1"
                  quarantine:
                    reason: "flaky"
                    owner: "ana"
                    until: "2026-12-31T00:00:00Z"
                  fingerprint: "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

            """.ReplaceLineEndings("\n"),
            text.ToString());
    }

    private const string HeaderText = """
        apiVersion: releasegate/v1
        kind: Suite
        name: regressions
        description: the refunds incidents
        prompts:
          system: "You are a support agent.\nBe brief."
          user: "{{message}}"
        defaults:
          severity: low
          slices: [billing]
          vars: { tier: gold }
          assert:
            - { type: not-contains, value: "as an AI" }
        """;

    private static Suite Header() => SuiteParser.Parse(HeaderText, "bank.yaml").GetValueOrThrow();

    // The writer gives every case a bank key, with its fingerprint.
    private static SuiteCase Exported(SuiteCase c) => c with
    {
        Bank = (c.Bank ?? new BankCaseInfo()) with { Fingerprint = c.Bank?.Fingerprint ?? BankFingerprint.Of(c) },
    };
}
