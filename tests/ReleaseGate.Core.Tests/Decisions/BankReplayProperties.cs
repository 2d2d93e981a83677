using System.Text;
using CsCheck;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>The replay rule over random banks: what a case's state at the bank's time requires, and what it cannot change.</summary>
public class BankReplayProperties
{
    private static readonly DateTimeOffset s_asOf = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gate s_gate = GateParser.Parse("""
        apiVersion: releasegate/v1
        kind: Gate
        workflow: w
        severity:
          block_on: [critical]
          max_failures: { high: 1 }
        regressions:
          suite: regressions
          file: suites/regressions.yaml
          must_pass: [critical, high, medium]
        """, "gate.yaml").GetValueOrThrow();

    // A case: its state (0 active, 1 quarantined until after the bank's time, 2 quarantine expired, 3 retired,
    // 4 proposed), its severity, and its result (0 none, 1 pass, 2 fail, 3 error).
    private sealed record Spec(int State, Severity Severity, int Result);

    private static readonly Gen<Spec> s_spec = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3].Select(i => (Severity)i), Gen.Int[0, 3], (s, v, r) => new Spec(s, v, r));

    [Fact]
    public void Every_active_case_must_have_a_result_and_no_other_case_changes_any_check()
    {
        Gen.Select(s_spec.Array[1, 12], Gen.Int[0, 11], Gen.Int[1, 3]).Sample((specs, pick, result) =>
        {
            var decision = Decide(specs);
            var active = specs.Select((s, i) => (s, i)).Where(p => p.s.State is 0 or 2).ToList();
            var missing = active.Where(p => p.s.Result == 0).Select(p => $"b{p.i}").Order(StringComparer.Ordinal).ToList();
            var check = decision.Checks.Single(c => c.Id == "regressions/missing");
            Assert.Equal(missing.Count > 0 ? CheckStatus.Fail : CheckStatus.Pass, check.Status);
            Assert.Equal(missing, check.Cases);
            Assert.Equal(active.Count, decision.Bank!.Active);
            Assert.Equal(missing.Count, decision.Bank.Missing);

            // Changing the result of a case that is not active (quarantined, retired, proposed) changes no check.
            var index = pick % specs.Length;
            if (specs[index].State is 1 or 3 or 4)
            {
                var changed = specs.ToArray();
                changed[index] = changed[index] with { Result = (changed[index].Result + result) % 4 };
                Assert.Equal(Statuses(decision), Statuses(Decide(changed)));
            }
        }, iter: 300);
    }

    private static List<(string, CheckStatus)> Statuses(GateDecision decision) => decision.Checks.Select(c => (c.Id, c.Status)).ToList();

    private static GateDecision Decide(Spec[] specs)
    {
        var cases = specs.Select((s, i) => new SuiteCase
        {
            Id = $"b{i}",
            Severity = s.Severity,
            Bank = s.State switch
            {
                0 => null,
                1 => new BankCaseInfo { State = BankState.Quarantined, Quarantine = new BankQuarantine("flaky", "ana", s_asOf.AddDays(1)) },
                2 => new BankCaseInfo { State = BankState.Quarantined, Quarantine = new BankQuarantine("flaky", "ana", s_asOf.AddDays(-1)) },
                3 => new BankCaseInfo { State = BankState.Retired, RetiredReason = "gone" },
                _ => new BankCaseInfo { State = BankState.Proposed },
            },
        }).ToList();
        var lines = new StringBuilder();
        for (var i = 0; i < specs.Length; i++)
        {
            lines.Append(specs[i].Result switch
            {
                0 => "",
                1 => $$"""{"suite":"regressions","case":"b{{i}}","pass":true}""" + "\n",
                2 => $$"""{"suite":"regressions","case":"b{{i}}","pass":false}""" + "\n",
                _ => $$"""{"suite":"regressions","case":"b{{i}}","error":"timeout"}""" + "\n",
            });
        }

        var reader = new ResultsReader("results.jsonl", false);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString())));
        return GateEngine.Decide(new DecisionInput
        {
            Gate = s_gate,
            Candidate = reader.Candidate,
            Suites = new Dictionary<string, Suite> { ["regressions"] = new() { File = "suites/regressions.yaml", Name = "regressions", Cases = cases } },
            Now = s_asOf.AddDays(30),
            BankAsOf = s_asOf,
        });
    }
}
