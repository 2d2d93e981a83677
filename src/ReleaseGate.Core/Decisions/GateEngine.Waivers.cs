using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    /// <summary>
    /// Turns failing checks into waived ones where a waiver matches the check id and the release and has not expired.
    /// Only <see cref="CheckStatus.Fail"/> changes; critical checks only when the gate allows it.
    /// </summary>
    private static List<GateCheck> ApplyWaivers(List<GateCheck> checks, DecisionInput input, List<string> notes)
    {
        var rules = input.Gate.Waivers;
        var used = new HashSet<Waiver>();
        var result = new List<GateCheck>(checks.Count);
        foreach (var check in checks)
        {
            if (check.Status != CheckStatus.Fail)
            {
                result.Add(check);
                continue;
            }

            var waiver = input.Waivers.FirstOrDefault(w => CheckPattern.Matches(w.Check, check.Id) && Valid(w, check, input, rules, notes));
            if (waiver is null)
            {
                result.Add(check);
                continue;
            }

            used.Add(waiver);
            result.Add(check with
            {
                Status = CheckStatus.Waived,
                Waiver = new AppliedWaiver(waiver.Check, waiver.Reason, waiver.GrantedBy, waiver.Expires),
            });
        }

        foreach (var waiver in input.Waivers.Where(w => !used.Contains(w)))
        {
            notes.Add($"waiver '{waiver.Check}' ({waiver.Location}) excused no failing check.");
        }

        notes.Sort(StringComparer.Ordinal);
        return result;
    }

    private static bool Valid(Waiver waiver, GateCheck check, DecisionInput input, WaiverRules rules, List<string> notes)
    {
        var release = input.Release;
        string? problem = null;
        // A digest-shaped target names a release by its digest only; versions never look like digests (Identifiers.Version).
        var matches = release is not null && (waiver.Release.StartsWith("sha256:", StringComparison.Ordinal)
            ? waiver.Release == release.Digest
            : waiver.Release == release.Manifest.Version);
        if (release is null || !matches)
        {
            problem = release is null
                ? "no release manifest was given (--release), so its version cannot be matched"
                : $"it is for release '{waiver.Release}', not {release.Manifest.Version}";
        }
        else if (input.Now >= waiver.Expires)
        {
            problem = $"it expired at {TimestampText.Format(waiver.Expires)}";
        }
        else if (check.Critical && !rules.AllowCritical)
        {
            problem = "critical-severity failures cannot be waived unless the gate sets waivers.allow_critical";
        }
        else if (rules.MaxDuration is { } max && waiver.Expires - (waiver.GrantedAt ?? input.Now) > max)
        {
            problem = $"it runs longer than the gate's waivers.max_duration of {DurationText.Format(max)}";
        }

        if (problem is not null)
        {
            notes.Add($"waiver '{waiver.Check}' ({waiver.Location}) does not apply to {check.Id}: {problem}.");
        }

        return problem is null;
    }
}
