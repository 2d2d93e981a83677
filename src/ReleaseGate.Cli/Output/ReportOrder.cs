using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Cli.Output;

/// <summary>The order people read checks in: failures first, then pending, warnings, waived, passes; gate order within each.</summary>
internal static class ReportOrder
{
    public static IEnumerable<GateCheck> Sort(IEnumerable<GateCheck> checks) =>
        checks.Select((c, i) => (Check: c, Index: i)).OrderBy(x => Rank(x.Check.Status)).ThenBy(x => x.Index).Select(x => x.Check);

    public static int Rank(CheckStatus status) => status switch
    {
        CheckStatus.Fail => 0,
        CheckStatus.Pending => 1,
        CheckStatus.Warn => 2,
        CheckStatus.Waived => 3,
        _ => 4,
    };

    /// <summary>The one-line verdict: "BLOCKED: 2 checks fail (…); 3 pending, 9 pass."</summary>
    public static string VerdictLine(GateDecision decision)
    {
        var counts = decision.Checks.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        var failing = decision.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Id).ToList();
        var parts = new List<string>();
        foreach (var status in new[] { CheckStatus.Pending, CheckStatus.Warn, CheckStatus.Waived, CheckStatus.Pass })
        {
            if (counts.GetValueOrDefault(status) is > 0 and var n)
            {
                parts.Add($"{n} {Word(status)}");
            }
        }

        var tail = parts.Count > 0 ? string.Join(", ", parts) : "no other checks";
        return decision.Verdict switch
        {
            Verdict.Blocked => $"BLOCKED: {failing.Count} {(failing.Count == 1 ? "check fails" : "checks fail")} ({string.Join(", ", failing.Take(5))}{(failing.Count > 5 ? ", …" : "")}); {tail}.",
            Verdict.Pending => $"PENDING: no check fails; waiting on people ({tail}).",
            _ => $"PASS: every check passes ({tail}).",
        };
    }

    private static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Pending => "pending",
        CheckStatus.Warn => "warn",
        CheckStatus.Waived => "waived",
        _ => "pass",
    };
}
