using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Statistics;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    private static IEnumerable<GateCheck> NoRegressionChecks(EvalRequirement eval, NoRegressionRule rule, SuiteView candidate, DecisionInput input)
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

            yield return Compare(id, label, rule, Members(candidate, slice), Members(baseline, slice), threshold);
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

    /// <summary>Pairs the two sides by case id; both lists are sorted by id, so one merge pass does it.</summary>
    private static GateCheck Compare(string id, string label, NoRegressionRule rule, List<CaseView> candidate, List<CaseView> baseline, JsonObject threshold)
    {
        var regressed = new List<CaseView>();
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
                summary = $"{label}: {changes} {rates}; a drop this size could be chance ({FormatP(p)}, not below the gate's alpha of {rule.Alpha.ToString(CultureInfo.InvariantCulture)}), so the comparison is inconclusive"
                    + (status == CheckStatus.Pending ? "; a person must review it." : "; more cases would settle it.");
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

    private static string FormatP(double p) => p switch
    {
        < 0.001 => "p < 0.001",
        _ => "p = " + p.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
