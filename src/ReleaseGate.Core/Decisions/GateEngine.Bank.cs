using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    /// <summary>The most incidents the decision's note on replayed incidents names.</summary>
    private const int MaxNotedIncidents = 10;

    /// <summary>
    /// The regression bank's cases with their state at the decision's bank time, when the gate names a bank file; every
    /// case of a file without <c>bank:</c> keys is active.
    /// </summary>
    private sealed class BankStates(Suite file, DateTimeOffset asOf)
    {
        public Suite File { get; } = file;

        public DateTimeOffset AsOf { get; } = asOf;

        public Dictionary<string, SuiteCase> Cases { get; } = file.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);

        public BankState StateOf(string id) =>
            Cases.TryGetValue(id, out var c) && c.Bank is { } info ? info.StateAt(AsOf) : BankState.Active;

        /// <summary>Whether a result of the case counts in the regression and severity checks: an active case, or a result the bank file does not list.</summary>
        public bool Counts(CaseView view) => StateOf(view.Id) == BankState.Active;

        /// <summary>
        /// Whether the bank lists cases but none is active, so nothing had to be replayed: the bank then does not fail for
        /// want of results (results of the other cases never count, so they cannot satisfy it either). An empty bank file
        /// still needs results, as it always did.
        /// </summary>
        public bool NothingToReplay { get; } = file.Cases.Count > 0 && file.Cases.All(c => c.Bank is { } info && info.StateAt(asOf) != BankState.Active);
    }

    private static BankStates? BankOf(DecisionInput input) =>
        input.Gate.Regressions is { } r && input.Suites.GetValueOrDefault(r.Suite) is { } file ? new BankStates(file, input.BankAsOf ?? input.Now) : null;

    /// <summary>
    /// <c>regressions/missing</c>: every case active at the bank's time must have a result, so that a case cannot be
    /// forgotten by leaving it out of the results. It fails closed whatever <c>must_pass</c> says.
    /// </summary>
    private static GateCheck BankMissing(RegressionRules rules, SuiteView view, BankStates bank)
    {
        var active = view.Cases.Where(c => bank.Cases.ContainsKey(c.Id) && bank.StateOf(c.Id) == BankState.Active).ToList();
        var missing = active.Where(c => c.Outcome == CaseOutcome.Missing).ToList();
        return new GateCheck
        {
            Id = "regressions/missing",
            Status = missing.Count > 0 ? CheckStatus.Fail : CheckStatus.Pass,
            Summary = missing.Count > 0
                ? $"{missing.Count} of {active.Count} active regression-bank {Plural(active.Count, "case has", "cases have")} no result ({Describe(missing)}); every active case must be replayed against the candidate, so a past incident cannot be skipped by leaving it out of the results. Replay the whole bank of suite '{rules.Suite}'."
                : active.Count == 0
                    ? "the bank file lists no case active at the bank's time, so none had to be replayed."
                    : $"all {active.Count} active regression-bank {Plural(active.Count, "case has", "cases have")} a result.",
            Measured = new JsonObject { ["active"] = active.Count, ["missing"] = missing.Count },
            Threshold = new JsonObject { ["max_missing"] = 0 },
            Cases = ListCases(missing.Select(c => c.Id)),
            Critical = IsCritical(missing),
        };
    }

    /// <summary>The bank report: counts by state, how the replayed cases did, and the cases that matter most, with the baseline's outcome.</summary>
    private static BankReport BankReportOf(SuiteView view, BankStates bank, DecisionInput input, List<string> notes)
    {
        var byId = view.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var baselineEvidence = input.Baseline?.Suites.GetValueOrDefault(view.Name);
        var baseline = baselineEvidence is { Cases.Count: > 0 } ? SuiteView.Build(view.Name, baselineEvidence, RepeatsRule.All, bank.File).Cases.ToDictionary(c => c.Id, StringComparer.Ordinal) : null;
        var entries = new List<(int Rank, BankReportEntry Entry)>(bank.File.Cases.Count);
        var counts = new int[4];
        int replayed = 0, passed = 0, failed = 0, missing = 0, ignored = 0, quarantinedFailed = 0;
        foreach (var definition in bank.File.Cases)
        {
            var state = bank.StateOf(definition.Id);
            counts[(int)state]++;
            var caseView = byId[definition.Id];
            var candidate = OutcomeWord(caseView.Outcome);
            var before = baseline is null ? null : OutcomeWord(baseline[definition.Id].Outcome);
            if (state is BankState.Active or BankState.Quarantined && candidate != "missing")
            {
                replayed++;
                _ = candidate == "pass" ? passed++ : failed++;
            }

            missing += state == BankState.Active && candidate == "missing" ? 1 : 0;
            ignored += state is BankState.Retired or BankState.Proposed && candidate != "missing" ? 1 : 0;
            quarantinedFailed += state == BankState.Quarantined && candidate == "fail" ? 1 : 0;
            var provenance = definition.Bank?.Provenance;
            var entry = new BankReportEntry(definition.Id, state, caseView.Severity, candidate)
            {
                Source = provenance?.Source,
                Incident = provenance?.Incident,
                Baseline = before,
                Change = before is null or "missing" ? null
                    : before == "fail" && candidate == "pass" ? "fixed"
                    : before == "pass" && candidate != "pass" ? "regressed"
                    : "same",
            };
            var rank = state switch
            {
                BankState.Active when candidate != "pass" => 0,
                BankState.Quarantined => 1,
                BankState.Active when entry.Incident is not null => 2,
                BankState.Active => 3,
                BankState.Proposed => 4,
                _ => 5,
            };
            entries.Add((rank, entry));
        }

        entries.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.Entry.Case, b.Entry.Case));
        var report = new BankReport
        {
            AsOf = bank.AsOf,
            Active = counts[(int)BankState.Active],
            Quarantined = counts[(int)BankState.Quarantined],
            Retired = counts[(int)BankState.Retired],
            Proposed = counts[(int)BankState.Proposed],
            Replayed = replayed,
            Passed = passed,
            Failed = failed,
            Missing = missing,
            Cases = entries.Take(BankReport.MaxListed).Select(e => e.Entry).ToList(),
            More = Math.Max(0, entries.Count - BankReport.MaxListed),
        };
        notes.Add(BankNote(report, quarantinedFailed, ignored));
        var incidents = entries.Select(e => e.Entry).Where(e => e.Incident is not null && e.State is BankState.Active or BankState.Quarantined && e.Candidate != "missing").ToList();
        if (incidents.Count > 0)
        {
            var named = incidents.Take(MaxNotedIncidents).Select(e =>
                $"{DisplayText.Escape(e.Incident)} ({e.Case}: {e.Candidate}{(e.Change is { } change and not "same" ? $", {change} since the baseline" : "")})");
            notes.Add($"incidents replayed: {string.Join("; ", named)}{(incidents.Count > MaxNotedIncidents ? $"; and {incidents.Count - MaxNotedIncidents} more" : "")}.");
        }

        return report;
    }

    private static string BankNote(BankReport r, int quarantinedFailed, int ignored)
    {
        var text = $"regression bank as of {TimestampText.Format(r.AsOf)}: {r.Active} active {Plural(r.Active, "case", "cases")}, {r.Replayed} replayed ({r.Passed} passed, {r.Failed} did not), {r.Missing} missing";
        if (r.Quarantined > 0)
        {
            text += $"; {r.Quarantined} quarantined, reported but not blocking ({quarantinedFailed} failed)";
        }

        if (r.Retired + r.Proposed > 0)
        {
            text += $"; {r.Retired} retired and {r.Proposed} proposed, not required" + (ignored > 0 ? $" (the {Plural(ignored, "result", "results")} of {ignored} of them {Plural(ignored, "was", "were")} not counted)" : "");
        }

        return text + ".";
    }

    private static string OutcomeWord(CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Pass => "pass",
        CaseOutcome.Missing => "missing",
        _ => "fail",
    };
}
