using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Statistics;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    /// <summary>
    /// The no-regression checks of one eval. The cases behind each comparison that is inconclusive on automated outcomes are
    /// added to <paramref name="behindInconclusive"/> when given (the review sample takes them).
    /// </summary>
    private static IEnumerable<GateCheck> NoRegressionChecks(EvalRequirement eval, NoRegressionRule rule, SuiteView candidate, DecisionInput input, HashSet<(string Suite, string Case)>? behindInconclusive = null)
    {
        var prefix = $"evals/{eval.Suite}";
        var baselineEvidence = input.Baseline?.Suites.GetValueOrDefault(eval.Suite);
        var baseline = SuiteView.Build(eval.Suite, baselineEvidence, eval.Repeats, input.Suites.GetValueOrDefault(eval.Suite));
        var slices = SelectSlices(eval, rule, candidate, baseline);
        var targets = slices.Count == 0 ? [(Id: $"{prefix}/no-regression", Slice: (string?)null)] : slices.Select(s => (Id: $"{prefix}/slice/{s}/no-regression", Slice: (string?)s)).ToList();
        foreach (var (id, slice) in targets)
        {
            var label = slice ?? eval.Suite;
            var threshold = new JsonObject { ["method"] = rule.Method == RegressionMethod.McNemar ? "mcnemar" : "strict" };
            if (rule.Method == RegressionMethod.McNemar)
            {
                threshold["margin"] = rule.Margin;
                threshold["alpha"] = rule.Alpha;
            }

            if (!baseline.HasResults)
            {
                yield return new GateCheck
                {
                    Id = id,
                    Status = CheckStatus.Fail,
                    Summary = $"{label}: the gate compares with the baseline, but there are no baseline results for suite '{eval.Suite}'; run the baseline on the same cases and pass them with --baseline-results.",
                    Threshold = threshold,
                };
                continue;
            }

            var check = Compare(id, label, rule, Members(candidate, slice), Members(baseline, slice), threshold, input.ReviewItems is not null, out var behind);
            foreach (var c in behind)
            {
                behindInconclusive?.Add((eval.Suite, c));
            }

            yield return check;
        }
    }

    private static List<string> SelectSlices(EvalRequirement eval, NoRegressionRule rule, SuiteView candidate, SuiteView baseline) => rule.Slices switch
    {
        SliceSelection.Protected => eval.Slices.Where(s => s.Protected).Select(s => s.Name).ToList(),
        SliceSelection.Listed => rule.Names.ToList(),
        _ => candidate.BySlice.Keys.Concat(baseline.BySlice.Keys).Concat(eval.Slices.Select(s => s.Name))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
    };

    /// <summary>The cases of a slice (or the suite) that have results, in id order.</summary>
    private static List<CaseView> Members(SuiteView view, string? slice) =>
        (slice is null ? view.Cases : view.InSlice(slice)).Where(c => c.Outcome != CaseOutcome.Missing).ToList();

    /// <summary>
    /// Pairs the two sides by case id; both lists are sorted by id, so one merge pass does it. Settled human verdicts count in
    /// place of the candidate's automated outcomes. With <c>on_inconclusive: review</c>, <paramref name="behind"/> gets the
    /// cases behind a comparison that is inconclusive on automated outcomes; when <paramref name="reviewsCollected"/>, such a
    /// comparison waits until each of them has a settled verdict, and is then decided on those verdicts.
    /// </summary>
    private static GateCheck Compare(string id, string label, NoRegressionRule rule, List<CaseView> candidate, List<CaseView> baseline, JsonObject threshold, bool reviewsCollected, out List<string> behind)
    {
        behind = [];
        var regressed = new List<CaseView>();
        var automatedRegressed = new List<CaseView>();
        var automatedImproved = 0;
        var (improved, paired, basePassed, candPassed, candidateOnly, baselineOnly) = (0, 0, 0, 0, 0, 0);
        var (i, j) = (0, 0);
        while (i < candidate.Count || j < baseline.Count)
        {
            var order = i == candidate.Count ? 1 : j == baseline.Count ? -1 : string.CompareOrdinal(candidate[i].Id, baseline[j].Id);
            if (order < 0)
            {
                candidateOnly++;
                i++;
                continue;
            }

            if (order > 0)
            {
                baselineOnly++;
                j++;
                continue;
            }

            var (c, onBaseline) = (candidate[i++], baseline[j++]);
            paired++;
            basePassed += onBaseline.Passed ? 1 : 0;
            candPassed += c.Passed ? 1 : 0;
            var automatedPass = (c.Automated ?? c.Outcome) == CaseOutcome.Pass;
            if (onBaseline.Passed && !automatedPass)
            {
                automatedRegressed.Add(c);
            }
            else if (!onBaseline.Passed && automatedPass)
            {
                automatedImproved++;
            }

            if (onBaseline.Passed && !c.Passed)
            {
                regressed.Add(c);
            }
            else if (!onBaseline.Passed && c.Passed)
            {
                improved++;
            }
        }

        var measured = new JsonObject
        {
            ["paired"] = paired,
            ["regressed"] = regressed.Count,
            ["improved"] = improved,
            ["baseline_pass_rate"] = paired == 0 ? 0 : Round((double)basePassed / paired),
            ["candidate_pass_rate"] = paired == 0 ? 0 : Round((double)candPassed / paired),
            ["candidate_only"] = candidateOnly,
            ["baseline_only"] = baselineOnly,
        };
        var unpaired = candidateOnly + baselineOnly > 0
            ? $" {candidateOnly} {Plural(candidateOnly, "case was", "cases were")} run on the candidate only and {baselineOnly} on the baseline only; they are not compared."
            : "";
        if (paired == 0)
        {
            return new GateCheck
            {
                Id = id,
                Status = CheckStatus.Fail,
                Summary = $"{label}: no case was run on both the candidate and the baseline, so nothing can be compared; run both on the same cases.{unpaired}",
                Measured = measured,
                Threshold = threshold,
            };
        }

        var b = regressed.Count;
        var changes = $"{b} {Plural(b, "case", "cases")} that passed on the baseline now {Plural(b, "fails", "fail")} and {improved} improved";
        var rates = $"({Percent((double)basePassed / paired)} → {Percent((double)candPassed / paired)} on {paired} paired {Plural(paired, "case", "cases")})";
        CheckStatus status;
        string summary;
        if (rule.Method == RegressionMethod.Strict)
        {
            status = b > 0 ? CheckStatus.Fail : CheckStatus.Pass;
            summary = b > 0
                ? $"{label}: {changes} {rates}; this slice allows no case to regress."
                : $"{label}: no case that passed on the baseline fails now ({improved} improved) {rates}.";
        }
        else
        {
            string? stem = null;
            var drop = (double)(b - improved) / paired;
            var p = Stats.BinomialUpperTailHalf(b, b + improved);
            measured["net_drop"] = Round(drop);
            measured["p_value"] = Round(p);
            if (drop <= rule.Margin)
            {
                status = CheckStatus.Pass;
                summary = b == 0
                    ? $"{label}: no case that passed on the baseline fails now ({improved} improved) {rates}."
                    : $"{label}: {changes} {rates}; the net change is within the margin of {Percent(rule.Margin)}.";
            }
            else if (p < rule.Alpha)
            {
                status = CheckStatus.Fail;
                summary = $"{label}: {changes} {rates}; a drop this large by chance is unlikely ({FormatP(p)}, below the gate's alpha of {rule.Alpha.ToString(CultureInfo.InvariantCulture)}). This slice regressed: fix it before release.";
            }
            else
            {
                status = rule.OnInconclusive == InconclusiveAction.Review ? CheckStatus.Pending : CheckStatus.Warn;
                stem = $"{label}: {changes} {rates}; a drop this size could be chance ({FormatP(p)}, not below the gate's alpha of {rule.Alpha.ToString(CultureInfo.InvariantCulture)}), so the comparison is inconclusive";
                summary = stem + (status == CheckStatus.Pending ? "; a person must review it." : "; more cases would settle it.");
            }

            if (rule.OnInconclusive == InconclusiveAction.Review && Inconclusive(rule, automatedRegressed.Count, automatedImproved, paired))
            {
                behind = automatedRegressed.Select(c => c.Id).ToList();
                if (reviewsCollected)
                {
                    (status, summary) = AfterReview(status, stem ?? summary.TrimEnd('.'), automatedRegressed);
                }
            }
            else if (reviewsCollected && status == CheckStatus.Pending)
            {
                // Only the verdicts made it inconclusive: people have already judged the cases that changed it, and no
                // case behind it was sampled as inconclusive, so waiting would never end.
                status = CheckStatus.Warn;
                summary = $"{stem}; reviewed by people: settled verdicts on its cases make the comparison inconclusive.";
            }
        }

        return new GateCheck
        {
            Id = id,
            Status = status,
            Summary = summary + unpaired,
            Measured = measured,
            Threshold = threshold,
            Cases = ListCases(regressed.Select(c => c.Id)),
            Critical = status == CheckStatus.Fail && regressed.Any(c => c.Severity == Severity.Critical),
        };
    }

    /// <summary>Whether a McNemar comparison with these counts is inconclusive: a drop beyond the margin that chance could explain.</summary>
    private static bool Inconclusive(NoRegressionRule rule, int regressed, int improved, int paired) =>
        (double)(regressed - improved) / paired > rule.Margin && Stats.BinomialUpperTailHalf(regressed, regressed + improved) >= rule.Alpha;

    /// <summary>
    /// A comparison that was inconclusive on automated outcomes, once reviews are collected: pending while a case behind it
    /// has no settled verdict; then as the verdicts make it, where a comparison still inconclusive warns (people looked).
    /// </summary>
    private static (CheckStatus Status, string Summary) AfterReview(CheckStatus status, string stem, List<CaseView> behind)
    {
        var unsettled = behind.Count(c => c.Override is null);
        if (unsettled > 0)
        {
            return (CheckStatus.Pending, $"{stem}; {unsettled} of {behind.Count} {Plural(behind.Count, "case", "cases")} behind it {Plural(unsettled, "awaits", "await")} a settled review.");
        }

        var failed = behind.Count(c => !c.Passed);
        var reviewed = $"reviewed by people: of the {behind.Count} {Plural(behind.Count, "case", "cases")} behind it, {behind.Count - failed} {Plural(behind.Count - failed, "passes", "pass")} and {failed} {Plural(failed, "fails", "fail")} on review.";
        return (status == CheckStatus.Pending ? CheckStatus.Warn : status, $"{stem}; {reviewed}");
    }

    private static string FormatP(double p) => p switch
    {
        < 0.001 => "p < 0.001",
        _ => "p = " + p.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
