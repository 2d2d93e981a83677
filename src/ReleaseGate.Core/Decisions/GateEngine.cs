using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>
/// The decision engine (DESIGN §3): a pure function of its input. It fails closed: missing evidence, errors and
/// anything it cannot evaluate are failing checks, never silent passes.
/// </summary>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static partial class GateEngine
{
    /// <summary>The most case ids listed under one check.</summary>
    public const int MaxListedCases = 20;

    /// <summary>Decides on a release.</summary>
    /// <param name="input">The gate, evidence, releases, waivers and time.</param>
    /// <returns>The decision, with every check in the gate's order.</returns>
    public static GateDecision Decide(DecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gate = input.Gate;
        var checks = new List<GateCheck>();
        var notes = new List<string>();
        var outcomes = Settle(input);
        var verdicts = HumanVerdicts(gate, outcomes);
        var candidateViews = new Dictionary<string, SuiteView>(StringComparer.Ordinal);
        foreach (var eval in gate.Evals)
        {
            var view = SuiteView.Build(eval.Suite, input.Candidate.Suites.GetValueOrDefault(eval.Suite), eval.Repeats, input.Suites.GetValueOrDefault(eval.Suite), HumanVerdictsOf(verdicts, eval.Suite));
            candidateViews[eval.Suite] = view;
            checks.AddRange(EvalChecks(eval, view, input));
        }

        // Regression-bank cases carry their own severities: severity rules see them too.
        var bank = gate.Regressions is { } regressions
            ? SuiteView.Build(regressions.Suite, input.Candidate.Suites.GetValueOrDefault(regressions.Suite), RepeatsRule.All, input.Suites.GetValueOrDefault(regressions.Suite), HumanVerdictsOf(verdicts, regressions.Suite))
            : null;
        // A bank file gives each case a lifecycle: only active cases count in the severity and regression checks.
        var bankStates = BankOf(input);
        var counted = bank is not null && bankStates is not null ? bank.Where(bankStates.Counts, bankStates.NothingToReplay) : bank;
        var severityViews = candidateViews.Values.Select(v => bankStates is not null && v.Name == gate.Regressions!.Suite ? v.Where(bankStates.Counts, bankStates.NothingToReplay) : v).ToList();
        checks.AddRange(SeverityChecks(gate.Severity, counted is null || candidateViews.ContainsKey(counted.Name) ? severityViews : [.. severityViews, counted]));
        checks.AddRange(RegressionChecks(gate.Regressions, counted));
        if (gate.Regressions is { } rules && bank is not null && bankStates is not null)
        {
            checks.Add(BankMissing(rules, bank, bankStates));
        }

        // The policy document summarises every case and slice: build it only when a rule will read it.
        var policyInput = gate.NeedsPolicyEngine
            ? PolicyInput.Build(input, candidateViews)
            : new Dictionary<string, object?>();
        checks.AddRange(PolicyChecks(gate.Policies, input.Policies, policyInput));
        checks.AddRange(EvidenceChecks(gate.RequiredEvidence, input.Release));
        checks.AddRange(ComplianceChecks(gate, input, notes));
        checks.AddRange(ReviewChecks(gate, candidateViews.Values, outcomes));
        var stages = Stages(gate.Approvals, input.Policies, policyInput);
        checks.AddRange(ApprovalChecks(gate.Approvals, stages, input));

        if (checks.Count == 0)
        {
            checks.Add(new GateCheck
            {
                Id = "gate/requirements",
                Status = CheckStatus.Fail,
                Summary = "the gate produced no check at all (no evals, severity rules, regression severities, policies, evidence, reviews or approvals), so it cannot vouch for any release; add requirements.",
            });
        }

        var waived = ApplyWaivers(checks, input, notes);
        NoteUnusedSuites(input, notes);
        NoteChangesWithoutBaseline(gate, input, notes);
        NoteVotesThatDoNotCount(gate.Approvals, input, notes);
        var bankReport = bank is not null && bankStates is not null ? BankReportOf(bank, bankStates, input, notes) : null;
        var overrides = Overrides(candidateViews.Values.Concat(bank is null || candidateViews.ContainsKey(bank.Name) ? [] : [bank]), verdicts, notes);
        return new GateDecision
        {
            Verdict = FinalVerdict(waived, input),
            Workflow = gate.Workflow,
            Release = input.Release is { } r ? new ReleaseRef(r.Manifest.Version, r.Digest) : null,
            Baseline = input.BaselineRelease is { } b ? new ReleaseRef(b.Manifest.Version, b.Digest) : null,
            GateDigest = gate.Digest,
            EvaluatedAt = input.Now,
            EvidenceDigests = input.Candidate.SourceDigests,
            BaselineEvidenceDigests = input.Baseline?.SourceDigests ?? [],
            Checks = waived,
            Stages = stages,
            Notes = notes,
            Overrides = overrides,
            Bank = bankReport,
        };
    }

    /// <summary>
    /// The document policies and approval conditions see for <paramref name="input"/>: <c>release</c>, <c>baseline</c>,
    /// <c>changes</c>, <c>gate</c> and <c>evals</c>, as dictionaries, lists and primitives.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> PolicyDocument(DecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var verdicts = HumanVerdicts(input.Gate, Settle(input));
        var views = input.Gate.Evals.ToDictionary(
            e => e.Suite,
            e => SuiteView.Build(e.Suite, input.Candidate.Suites.GetValueOrDefault(e.Suite), e.Repeats, input.Suites.GetValueOrDefault(e.Suite), HumanVerdictsOf(verdicts, e.Suite)),
            StringComparer.Ordinal);
        return PolicyInput.Build(input, views);
    }

    /// <summary>
    /// The gate's approval stages and whether each applies to the release of <paramref name="input"/> (their <c>when</c>
    /// conditions evaluated as <see cref="Decide"/> does), without deciding: who may vote is known before a vote is recorded.
    /// </summary>
    public static IReadOnlyList<StageRequirement> StagesOf(DecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var document = input.Gate.Approvals.Any(a => a.When is not null) ? PolicyDocument(input) : new Dictionary<string, object?>();
        return Stages(input.Gate.Approvals, input.Policies, document);
    }

    /// <summary>The settled human verdicts on cases of <paramref name="suite"/>, by case id.</summary>
    private static Dictionary<string, HumanVerdict>? HumanVerdictsOf(IReadOnlyList<HumanVerdict> verdicts, string suite)
    {
        if (verdicts.Count == 0)
        {
            return null;
        }

        var bySuite = new Dictionary<string, HumanVerdict>(StringComparer.Ordinal);
        foreach (var verdict in verdicts.Where(v => v.Suite == suite))
        {
            bySuite[verdict.Case] = verdict;
        }

        return bySuite;
    }

    /// <summary>
    /// The overrides: settled verdicts that changed a case's outcome or raised its severity, in suite and case order; a verdict on a
    /// case with no evidence is noted, not applied.
    /// </summary>
    private static List<AppliedOverride> Overrides(IEnumerable<SuiteView> views, IReadOnlyList<HumanVerdict> verdicts, List<string> notes)
    {
        var applied = views.SelectMany(v => v.Cases.Where(c => c.Override is not null).Select(c => new AppliedOverride(
                v.Name, c.Id, c.Automated!.Value.ToString().ToLowerInvariant(), c.Override!.Pass ? "pass" : "fail", c.Override.By, c.Override.At, c.Override.Reason)
            {
                Review = c.Override.Review,
                Severity = c.Severity != c.AutomatedSeverity ? c.Severity.Word() : null,
            }))
            .DistinctBy(o => (o.Suite, o.Case))
            .OrderBy(o => o.Suite, StringComparer.Ordinal).ThenBy(o => o.Case, StringComparer.Ordinal)
            .ToList();
        var used = applied.Select(o => (o.Suite, o.Case)).ToHashSet();
        foreach (var unused in verdicts.Where(v => !used.Contains((v.Suite, v.Case))))
        {
            notes.Add($"the human verdict on {unused.Suite}/{unused.Case} by {unused.By} overrides nothing: the candidate has no result for that case in a suite the gate counts.");
        }

        // A verdict that confirms the automated outcome and severity changes nothing: the review's check counts it, the list does not.
        return applied.Where(o => o.Automated != o.Human || o.Severity is not null).ToList();
    }

    /// <summary>Blocked if any check fails; else pending if any waits on people; else pass (the verdict of a decision that collects no votes).</summary>
    public static Verdict VerdictOf(IEnumerable<GateCheck> checks)
    {
        var statuses = checks.Select(c => c.Status).ToList();
        return statuses.Contains(CheckStatus.Fail) ? Verdict.Blocked
            : statuses.Contains(CheckStatus.Pending) ? Verdict.Pending
            : Verdict.Pass;
    }

    /// <summary>
    /// Issue 22: without a baseline manifest <c>changes</c> lists every component (and without a candidate manifest none), so
    /// a rule that reads it holds or fails whatever really changed. That is the documented, fail-closed reading; the
    /// decision says so, naming the rules, so that "security applies because the tools changed" is not taken at its word.
    /// </summary>
    private static void NoteChangesWithoutBaseline(Gate gate, DecisionInput input, List<string> notes)
    {
        if (input.BaselineRelease is not null && input.Release is not null)
        {
            return;
        }

        var readers = gate.Policies.Where(p => ReadsChanges(p.Rule)).Select(p => $"policy '{p.Id}'")
            .Concat(gate.Approvals.Where(a => a.When is { } when && ReadsChanges(when)).Select(a => $"approval stage '{a.Stage}'"))
            .ToList();
        if (readers.Count == 0)
        {
            return;
        }

        var who = string.Join(", ", readers);
        notes.Add(input.Release is null
            ? $"there is no release manifest, so `changes` is empty: {who} {Plural(readers.Count, "reads", "read")} it as if nothing changed. Give the candidate's manifest (check --release)."
            : $"there is no baseline release (none has shipped, or check was not given --baseline-release), so `changes` lists every component (model, prompts, tools, config, attachments): {who} {Plural(readers.Count, "reads", "read")} it as if everything changed. Give the shipped release's manifest (check --baseline-release) to compare with it.");
    }

    /// <summary>Whether a CEL expression reads the <c>changes</c> variable (not a field or a string of that name).</summary>
    private static bool ReadsChanges(string expression) => ChangesVariable().IsMatch(expression);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.'""])changes\b(?!['""])")]
    private static partial System.Text.RegularExpressions.Regex ChangesVariable();

    private static IEnumerable<GateCheck> SeverityChecks(SeverityRules? rules, IEnumerable<SuiteView> views)
    {
        if (rules is null)
        {
            yield break;
        }

        var cases = views.SelectMany(v => v.Cases.Select(c => (Suite: v.Name, Case: c))).ToList();
        foreach (var level in Enum.GetValues<Severity>())
        {
            var blocks = rules.BlockOn.Contains(level);
            var hasCap = rules.MaxFailures.TryGetValue(level, out var cap);
            if (!blocks && !hasCap)
            {
                continue;
            }

            var all = cases.Where(c => c.Case.Severity == level).ToList();
            var failed = all.Where(c => !c.Case.Passed).ToList();
            var missing = failed.Count(c => c.Case.Outcome == CaseOutcome.Missing);
            var ran = failed.Count - missing;
            var allowed = blocks ? 0 : cap;
            var word = level.Word();
            var status = failed.Count > allowed ? CheckStatus.Fail : CheckStatus.Pass;
            var notPassing = NotPassing(ran, missing, $"{word}-severity");
            var summary = (status, blocks) switch
            {
                (CheckStatus.Pass, _) when all.Count == 0 => $"no case has {word} severity.",
                (CheckStatus.Pass, _) when failed.Count == 0 => $"all {all.Count} {word}-severity {Plural(all.Count, "case passes", "cases pass")}.",
                (CheckStatus.Pass, _) => $"{notPassing}, within the cap of {allowed}.",
                (_, true) when ran == 0 => $"{notPassing}; any {word} case that does not pass blocks, and a case that did not run cannot count as passed. Run {Plural(missing, "it", "them")} and pass the results.",
                (_, true) => $"{notPassing}; any {word} failure blocks, whatever the averages. Fix {Plural(failed.Count, "it", "them")} first.",
                _ => $"{notPassing}; at most {allowed} may.",
            };
            yield return new GateCheck
            {
                Id = $"severity/{word}",
                Status = status,
                Summary = summary,
                Measured = new JsonObject { ["cases"] = all.Count, ["not_passed"] = failed.Count, ["missing"] = missing },
                Threshold = new JsonObject { ["max_not_passed"] = allowed },
                Cases = ListCases(failed.Select(c => $"{c.Suite}/{c.Case.Id}")),
                Critical = level == Severity.Critical,
            };
        }
    }

    /// <summary>
    /// "3 high-severity cases do not pass", "15 critical-severity cases have no result (missing)", or both: a case that did
    /// not run is not said to fail, though it counts as not passed.
    /// </summary>
    private static string NotPassing(int ran, int missing, string what) => (ran, missing) switch
    {
        (_, 0) => $"{ran} {what} {Plural(ran, "case does", "cases do")} not pass",
        (0, _) => $"{missing} {what} {Plural(missing, "case has", "cases have")} no result (missing)",
        _ => $"{ran} {what} {Plural(ran, "case does", "cases do")} not pass and {missing} more {Plural(missing, "has", "have")} no result (missing)",
    };

    private static IEnumerable<GateCheck> RegressionChecks(RegressionRules? rules, SuiteView? view)
    {
        if (rules is null || view is null)
        {
            yield break;
        }

        if (rules.MustPass.Count == 0 && !view.HasResults)
        {
            // Fail closed even when no severity must pass: every candidate replays the whole bank.
            yield return new GateCheck
            {
                Id = "regressions/results",
                Status = CheckStatus.Fail,
                Summary = $"no results for the regression bank suite '{rules.Suite}'; replay the bank against the candidate and pass its results.",
            };
        }

        foreach (var level in rules.MustPass.Order())
        {
            var word = level.Word();
            var id = $"regressions/{word}";
            if (!view.HasResults)
            {
                yield return new GateCheck
                {
                    Id = id,
                    Status = CheckStatus.Fail,
                    Summary = $"no results for the regression bank suite '{rules.Suite}'; replay the bank against the candidate and pass its results.",
                    Threshold = new JsonObject { ["must_pass"] = word },
                    Critical = level == Severity.Critical,
                };
                continue;
            }

            var all = view.Cases.Where(c => c.Severity == level).ToList();
            var failed = all.Where(c => !c.Passed).ToList();
            var missing = failed.Where(c => c.Outcome == CaseOutcome.Missing).ToList();
            var ran = failed.Where(c => c.Outcome != CaseOutcome.Missing).ToList();
            var notPassing = (ran.Count, missing.Count) switch
            {
                (0, 0) => "",
                (_, 0) => $"{ran.Count} of {all.Count} {word}-severity regression {Plural(all.Count, "case", "cases")} ({Describe(ran)}) {Plural(ran.Count, "does", "do")} not pass: a past incident would happen again.",
                (0, _) => $"{missing.Count} of {all.Count} {word}-severity regression {Plural(all.Count, "case", "cases")} ({Describe(missing)}) {Plural(missing.Count, "has", "have")} no result (missing): a past incident could come back unnoticed. Replay the whole bank.",
                _ => $"{ran.Count} of {all.Count} {word}-severity regression {Plural(all.Count, "case", "cases")} ({Describe(ran)}) {Plural(ran.Count, "does", "do")} not pass: a past incident would happen again; {missing.Count} more ({Describe(missing)}) {Plural(missing.Count, "has", "have")} no result (missing).",
            };
            yield return new GateCheck
            {
                Id = id,
                Status = failed.Count > 0 ? CheckStatus.Fail : CheckStatus.Pass,
                Summary = failed.Count > 0
                    ? notPassing
                    : all.Count == 0
                        ? $"no regression case has {word} severity."
                        : $"all {all.Count} {word}-severity regression {Plural(all.Count, "case passes", "cases pass")}.",
                Measured = new JsonObject { ["cases"] = all.Count, ["not_passed"] = failed.Count, ["missing"] = missing.Count },
                Threshold = new JsonObject { ["must_pass"] = word },
                Cases = ListCases(failed.Select(c => c.Id)),
                Critical = level == Severity.Critical,
            };
        }
    }

    private static IEnumerable<GateCheck> EvidenceChecks(IReadOnlyList<string> required, ReleaseEvidence? release)
    {
        var names = required.ToList();
        if (release is not null)
        {
            // An attachment whose declared digest is wrong is checked even when the gate does not require it.
            names.AddRange(release.Manifest.Attachments.Where(a => a.Digest is not null).Select(a => a.Name).Except(required, StringComparer.Ordinal));
        }

        foreach (var name in names)
        {
            var id = $"evidence/{name}";
            var attachment = release?.Manifest.Attachments.FirstOrDefault(a => a.Name == name);
            var actual = attachment is null ? null : release!.FileDigests.GetValueOrDefault(attachment.File);
            var (status, summary) = (release, attachment, actual) switch
            {
                (null, _, _) => (CheckStatus.Fail, $"the gate requires the attachment '{name}', but no release manifest was given; pass --release."),
                (_, null, _) => (CheckStatus.Fail, $"the release has no attachment '{name}'; add it under 'attachments' in the manifest."),
                (_, _, null) => (CheckStatus.Fail, $"the attachment '{name}' names {attachment.File}, which does not exist."),
                _ when attachment.Digest is not null && attachment.Digest != actual =>
                    (CheckStatus.Fail, $"the attachment '{name}' ({attachment.File}) does not match the digest the manifest declares: the file changed after it was recorded."),
                _ => (CheckStatus.Pass, $"the attachment '{name}' is present ({attachment.File})."),
            };
            var measured = new JsonObject();
            if (actual is not null)
            {
                measured["digest"] = actual;
            }

            var threshold = new JsonObject { ["required"] = required.Contains(name) };
            if (attachment?.Digest is { } declared)
            {
                threshold["digest"] = declared;
            }

            yield return new GateCheck { Id = id, Status = status, Summary = summary, Measured = measured, Threshold = threshold };
        }
    }

    private static void NoteUnusedSuites(DecisionInput input, List<string> notes)
    {
        var named = input.Gate.Evals.Select(e => e.Suite).ToHashSet(StringComparer.Ordinal);
        if (input.Gate.Regressions is { } r)
        {
            named.Add(r.Suite);
        }

        foreach (var suite in input.Candidate.Suites.Keys.Where(s => !named.Contains(s)).Order(StringComparer.Ordinal))
        {
            notes.Add($"results for suite '{suite}' were given, but the gate does not name it; they were not used.");
        }
    }

    internal static IReadOnlyList<string> ListCases(IEnumerable<string> ids) =>
        ids.Order(StringComparer.Ordinal).Take(MaxListedCases).ToList();

    internal static string Describe(IReadOnlyCollection<CaseView> cases)
    {
        var shown = cases.Take(3).Select(c => c.Id).ToList();
        return cases.Count > 3 ? string.Join(", ", shown) + $" and {cases.Count - 3} more" : string.Join(", ", shown);
    }

    internal static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    internal static string Plural(long count, string one, string many) => count == 1 ? one : many;

    internal static double Round(double value) => Math.Round(value, 6, MidpointRounding.ToEven);
}
