using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>The decision's bank report: bounded for a large bank, the cases that matter first, and its JSON.</summary>
public class BankReportTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private const string GateText = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: support-agent
        regressions:
          suite: regressions
          file: suites/regressions.yaml
          must_pass: [critical]
          review_new: support-leads
        """;

    [Fact]
    public void A_large_bank_lists_the_cases_that_matter_first_and_counts_the_rest()
    {
        // 500 active cases (one fails, one is missing), one quarantined, one with an incident.
        var cases = Enumerable.Range(0, 500).Select(i => new SuiteCase { Id = $"c{i:D3}", Severity = Severity.Low }).ToList();
        cases.Add(new SuiteCase
        {
            Id = "q1",
            Bank = new BankCaseInfo { State = BankState.Quarantined, Quarantine = new BankQuarantine("flaky", "ana", s_now.AddDays(3)) },
        });
        cases.Add(new SuiteCase
        {
            Id = "z-inc",
            Bank = new BankCaseInfo { Provenance = new BankProvenance { Source = BankSource.Incident, AddedBy = "ana", AddedAt = s_now.AddDays(-30), Reason = "r", Incident = "INC-9" } },
        });
        var results = new StringBuilder();
        foreach (var c in cases.Where(c => c.Id != "c250"))
        {
            results.Append($$"""{"suite":"regressions","case":"{{c.Id}}","pass":{{(c.Id == "c100" ? "false" : "true")}}}""").Append('\n');
        }

        var decision = Decide(cases, results.ToString());

        var bank = decision.Bank!;
        Assert.Equal((501, 1, 0, 0, 501, 500, 1, 1), (bank.Active, bank.Quarantined, bank.Proposed, bank.Retired, bank.Replayed, bank.Passed, bank.Failed, bank.Missing));
        Assert.Equal(BankReport.MaxListed, bank.Cases.Count);
        Assert.Equal(502 - BankReport.MaxListed, bank.More);
        Assert.Equal(["c100", "c250", "q1", "z-inc", "c000"], bank.Cases.Take(5).Select(e => e.Case));
        Assert.Equal(("fail", "missing", BankState.Quarantined, "INC-9"), (bank.Cases[0].Candidate, bank.Cases[1].Candidate, bank.Cases[2].State, bank.Cases[3].Incident));
        Assert.Equal("fail", decision.Checks.Single(c => c.Id == "regressions/missing").Status.ToString().ToLowerInvariant());
        Assert.Equal(s_now, bank.AsOf);
    }

    [Fact]
    public void The_decision_JSON_carries_the_bank_report()
    {
        var cases = new List<SuiteCase>
        {
            new() { Id = "inc-1", Severity = Severity.Critical, Bank = new BankCaseInfo { Provenance = new BankProvenance { Source = BankSource.Incident, AddedBy = "ana", AddedAt = s_now, Reason = "r", Incident = "INC-1" } } },
            new() { Id = "inc-2", Bank = new BankCaseInfo { State = BankState.Proposed } },
        };

        var json = JsonNode.Parse(DecisionJson.Serialize(Decide(cases, """{"suite":"regressions","case":"inc-1","pass":true}""" + "\n")))!;

        Assert.Equal(
            """{"as_of":"2026-11-26T00:00:00Z","counts":{"active":1,"quarantined":0,"proposed":1,"retired":0,"replayed":1,"passed":1,"failed":0,"missing":0},"listed":2,"more":0,"cases":[{"case":"inc-1","state":"active","severity":"critical","source":"incident","incident":"INC-1","candidate":"pass","baseline":null,"change":null},{"case":"inc-2","state":"proposed","severity":"medium","source":null,"incident":null,"candidate":"missing","baseline":null,"change":null}]}""",
            json["bank"]!.ToJsonString());
    }

    [Fact]
    public void A_decision_without_a_bank_file_has_no_bank_in_its_JSON()
    {
        var gate = GateParser.Parse(GateText.Replace("  file: suites/regressions.yaml\n", "", StringComparison.Ordinal), "gate.yaml").GetValueOrThrow();
        var decision = GateEngine.Decide(new DecisionInput { Gate = gate, Candidate = Evidence("""{"suite":"regressions","case":"a","pass":true}""" + "\n"), Now = s_now });

        Assert.Null(decision.Bank);
        Assert.Null(JsonNode.Parse(DecisionJson.Serialize(decision))!["bank"]);
    }

    [Fact]
    public void Review_new_names_a_group()
    {
        Assert.Equal("support-leads", GateParser.Parse(GateText, "gate.yaml").GetValueOrThrow().Regressions!.ReviewNew);
        var bad = GateParser.Parse(GateText.Replace("support-leads", "\"support/leads\"", StringComparison.Ordinal), "gate.yaml");
        Assert.Equal(("RG1031", 8, 15), (bad.Errors[0].Code, bad.Errors[0].Location.Line, bad.Errors[0].Location.Column));
    }

    private static GateDecision Decide(List<SuiteCase> cases, string results)
    {
        var gate = GateParser.Parse(GateText, "gate.yaml").GetValueOrThrow();
        var suite = new Suite { File = "suites/regressions.yaml", Name = "regressions", Cases = cases };
        return GateEngine.Decide(new DecisionInput
        {
            Gate = gate,
            Candidate = Evidence(results),
            Suites = new Dictionary<string, Suite> { ["regressions"] = suite },
            Now = s_now,
        });
    }

    private static EvidenceSet Evidence(string jsonl)
    {
        var reader = new ResultsReader("results.jsonl", false);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl));
        reader.Read(stream);
        Assert.Empty(reader.Errors);
        return reader.Candidate;
    }
}
