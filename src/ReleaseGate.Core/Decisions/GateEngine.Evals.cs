using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Statistics;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    private static IEnumerable<GateCheck> EvalChecks(EvalRequirement eval, SuiteView view, DecisionInput input)
    {
        var prefix = $"evals/{eval.Suite}";
        if (!view.HasResults)
        {
            yield return new GateCheck
            {
                Id = $"{prefix}/pass-rate",
                Status = CheckStatus.Fail,
                Summary = $"no results for suite '{eval.Suite}'; run the suite against the candidate and pass the results with --results.",
                Threshold = Threshold(eval.MinPassRate, eval.Confidence),
            };
            yield break;
        }

        yield return PassRate($"{prefix}/pass-rate", eval.Suite, view.Cases, eval.MinPassRate, eval.Confidence);
        yield return Errors(prefix, eval, view);
        if (input.Suites.ContainsKey(eval.Suite))
        {
            yield return Missing(prefix, eval, view);
        }

        foreach (var slice in eval.Slices)
        {
            var cases = view.InSlice(slice.Name);
            var id = $"{prefix}/slice/{slice.Name}/pass-rate";
            yield return cases.Count == 0
                ? new GateCheck
                {
                    Id = id,
                    Status = CheckStatus.Fail,
                    Summary = $"{slice.Name}: no results carry this slice, so the gate cannot tell how it does; check the slice tags of the suite and results.",
                    Threshold = Threshold(slice.MinPassRate, slice.Confidence),
                }
                : PassRate(id, slice.Name, cases, slice.MinPassRate, slice.Confidence);
        }

        if (eval.NoRegression is { } rule)
        {
            foreach (var check in NoRegressionChecks(eval, rule, view, input))
            {
                yield return check;
            }
        }
    }

    private static GateCheck PassRate(string id, string label, List<CaseView> cases, double? min, double? confidence)
    {
        var passed = cases.Count(c => c.Passed);
        var rate = (double)passed / cases.Count;
        var flaky = cases.Where(c => c.Flaky).ToList();
        var missing = cases.Count(c => c.Outcome == CaseOutcome.Missing);
        var measured = new JsonObject
        {
            ["cases"] = cases.Count,
            ["passed"] = passed,
            ["failed"] = cases.Count(c => c.Outcome == CaseOutcome.Fail),
            ["errored"] = cases.Count(c => c.Outcome == CaseOutcome.Error),
            ["missing"] = missing,
            ["flaky"] = flaky.Count,
            ["pass_rate"] = Round(rate),
        };
        var notes = flaky.Count > 0 ? $" {flaky.Count} {Plural(flaky.Count, "case is", "cases are")} flaky (mixed outcomes over repeats)." : "";
        var head = $"{label}: {passed} of {cases.Count} {Plural(cases.Count, "case passes", "cases pass")} ({Percent(rate)})";

        // A case that did not run is not a failure of the target, but it cannot count as passed either: say which it is.
        notes += missing > 0 ? $" {missing} of the {cases.Count} {Plural(cases.Count, "case", "cases")} {Plural(missing, "has", "have")} no result (missing), counted as not passed." : "";
        if (min is not { } threshold)
        {
            return new GateCheck { Id = id, Status = CheckStatus.Pass, Summary = $"{head}; no minimum is set.{notes}", Measured = measured, Cases = ListCases(flaky.Select(c => c.Id)) };
        }

        string summary;
        bool ok;
        if (confidence is { } level)
        {
            var lower = Stats.WilsonLowerBound(passed, cases.Count, level);
            measured["lower_bound"] = Round(lower);
            ok = lower >= threshold;
            summary = ok
                ? $"{head}; with {Percent(level)} confidence the true rate is at least {Percent(lower)}, meeting {Percent(threshold)}."
                : $"{head}, but with {Percent(level)} confidence the true rate may be as low as {Percent(lower)}, below the required {Percent(threshold)}; more passing cases, or more cases, are needed.";
        }
        else
        {
            ok = rate >= threshold;
            summary = ok ? $"{head}, meeting {Percent(threshold)}." : $"{head}, below the required {Percent(threshold)}.";
        }

        var notPassed = cases.Where(c => !c.Passed).ToList();
        return new GateCheck
        {
            Id = id,
            Status = ok ? CheckStatus.Pass : CheckStatus.Fail,
            Summary = summary + notes,
            Measured = measured,
            Threshold = Threshold(min, confidence),
            Cases = ListCases(ok ? flaky.Select(c => c.Id) : notPassed.Select(c => c.Id)),
            Critical = !ok && IsCritical(notPassed),
        };
    }

    private static GateCheck Errors(string prefix, EvalRequirement eval, SuiteView view)
    {
        var errored = view.Cases.Where(c => c.HasError).ToList();
        var rate = (double)errored.Count / view.Cases.Count;
        var measured = new JsonObject { ["cases"] = view.Cases.Count, ["errored"] = errored.Count, ["error_rate"] = Round(rate) };
        var threshold = new JsonObject();
        CheckStatus status;
        string summary;
        var head = $"{eval.Suite}: {errored.Count} of {view.Cases.Count} cases had an errored execution ({Percent(rate)})";
        if (eval.MaxErrorRate is { } max)
        {
            threshold["max_error_rate"] = max;
            status = rate > max ? CheckStatus.Fail : CheckStatus.Pass;
            summary = status == CheckStatus.Fail
                ? $"{head}, above the allowed {Percent(max)}: the target timed out or failed too often for the results to be trusted. Fix the target and run again."
                : $"{head}, within the allowed {Percent(max)}.";
        }
        else
        {
            status = errored.Count > 0 ? CheckStatus.Warn : CheckStatus.Pass;
            summary = errored.Count > 0 ? $"{head}; errored cases count as not passed. Set max_error_rate to bound this." : $"{eval.Suite}: no execution errored.";
        }

        return new GateCheck
        {
            Id = $"{prefix}/errors",
            Status = status,
            Summary = summary,
            Measured = measured,
            Threshold = threshold,
            Cases = ListCases(errored.Select(c => c.Id)),
            Critical = status == CheckStatus.Fail && IsCritical(errored),
        };
    }

    private static GateCheck Missing(string prefix, EvalRequirement eval, SuiteView view)
    {
        var missing = view.Cases.Where(c => c.Outcome == CaseOutcome.Missing).ToList();
        var status = missing.Count > 0 ? CheckStatus.Fail : view.Extra > 0 ? CheckStatus.Warn : CheckStatus.Pass;
        var summary = status switch
        {
            CheckStatus.Fail => $"{eval.Suite}: {missing.Count} of {view.Cases.Count - view.Extra} cases of the suite file have no result ({Describe(missing)}); a case that did not run cannot count as passed.",
            CheckStatus.Warn => $"{eval.Suite}: every case of the suite file has a result, and {view.Extra} results name cases the file does not list.",
            _ => $"{eval.Suite}: every case of the suite file has a result.",
        };
        return new GateCheck
        {
            Id = $"{prefix}/missing",
            Status = status,
            Summary = summary,
            Measured = new JsonObject { ["expected"] = view.Cases.Count - view.Extra, ["missing"] = missing.Count, ["unknown"] = view.Extra },
            Threshold = new JsonObject { ["max_missing"] = 0 },
            Cases = ListCases(missing.Select(c => c.Id)),
            Critical = status == CheckStatus.Fail && IsCritical(missing),
        };
    }

    /// <summary>A check whose failure involves a critical case cannot be waived unless the gate allows it.</summary>
    private static bool IsCritical(IEnumerable<CaseView> behindFailure) => behindFailure.Any(c => c.Severity == Severity.Critical);

    private static JsonObject Threshold(double? min, double? confidence)
    {
        var threshold = new JsonObject();
        if (min is { } m)
        {
            threshold["min_pass_rate"] = m;
        }

        if (confidence is { } c)
        {
            threshold["confidence"] = c;
        }

        return threshold;
    }
}
