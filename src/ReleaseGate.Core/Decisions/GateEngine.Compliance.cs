using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    /// <summary>The check of the workflow's unresolved compliance findings (<c>compliance.block</c>).</summary>
    public const string ComplianceFindingsCheck = "compliance/findings";

    /// <summary>
    /// With <c>compliance.block</c>, the <see cref="ComplianceFindingsCheck"/>: it fails while the workflow has an unresolved
    /// finding of a listed severity, on any shipped release. Without known findings (a local check) there is no check, and a
    /// note says why.
    /// </summary>
    private static IEnumerable<GateCheck> ComplianceChecks(Gate gate, DecisionInput input, List<string> notes)
    {
        if (gate.Compliance is not { Block.Count: > 0 } rules)
        {
            yield break;
        }

        var severities = Enum.GetValues<Severity>().Where(rules.Block.Contains).ToList();
        var words = string.Join(" or ", severities.Select(s => s.Word()));
        if (input.Findings is null)
        {
            notes.Add($"compliance findings of severity {words} would block this release, but they are tracked by the server (`releasegate serve`), so a local check cannot see them.");
            yield break;
        }

        var blocking = input.Findings.Where(f => rules.Block.Contains(f.Severity))
            .OrderBy(f => f.Severity).ThenBy(f => f.OpenedAt).ThenBy(f => f.Id).ToList();
        var listed = blocking.Take(MaxListedCases).ToList();
        var measured = new JsonObject
        {
            ["open"] = input.Findings.Count,
            ["blocking"] = blocking.Count,
            ["findings"] = new JsonArray(listed.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = f.Id,
                ["policy"] = f.Policy,
                ["severity"] = f.Severity.Word(),
                ["release"] = f.ReleaseVersion,
                ["opened_at"] = TimestampText.Format(f.OpenedAt),
            }).ToArray()),
        };
        var threshold = new JsonObject { ["block"] = new JsonArray(severities.Select(s => (JsonNode)s.Word()).ToArray()) };
        if (blocking.Count == 0)
        {
            var others = input.Findings.Count == 0 ? "" : $"; {input.Findings.Count} open {Plural(input.Findings.Count, "finding is", "findings are")} of another severity";
            yield return new GateCheck
            {
                Id = ComplianceFindingsCheck,
                Status = CheckStatus.Pass,
                Summary = $"no unresolved compliance finding of severity {words} blocks new releases{others}.",
                Measured = measured,
                Threshold = threshold,
            };
            yield break;
        }

        var named = string.Join("; ", listed.Select(f =>
            $"policy '{f.Policy}' ({f.Severity.Word()}) on release {DisplayText.Escape(f.ReleaseVersion)} since {TimestampText.Format(f.OpenedAt)}"));
        var more = blocking.Count > listed.Count ? $"; and {blocking.Count - listed.Count} more" : "";
        yield return new GateCheck
        {
            Id = ComplianceFindingsCheck,
            Status = CheckStatus.Fail,
            Summary = $"{blocking.Count} unresolved compliance {Plural(blocking.Count, "finding", "findings")} of severity {words} "
                + $"{Plural(blocking.Count, "blocks", "block")} new releases of {DisplayText.Escape(gate.Workflow)}: {named}{more}. Resolve {Plural(blocking.Count, "it", "them")} (fix the shipped release, or have the policy's owner resolve the finding) before releasing again.",
            Measured = measured,
            Threshold = threshold,
            Critical = blocking.Any(f => f.Severity == Severity.Critical),
        };
    }

    /// <summary>
    /// Shows the latest escalation of an approval stage: in its measured values (<c>escalated</c>) and its summary. A pending
    /// stage's summary names the group whose members may now approve; a stage that passed after it was escalated says so, since
    /// its approvers may come from that group.
    /// </summary>
    private static GateCheck WithEscalation(GateCheck check, ApprovalStage stage, DecisionInput input)
    {
        if (check.Status is not (CheckStatus.Pending or CheckStatus.Pass) || input.Escalations is null)
        {
            return check;
        }

        var latest = input.Escalations.Where(e => e.Stage == stage.Stage)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Level).FirstOrDefault();
        if (latest is null)
        {
            return check;
        }

        var measured = (check.Measured?.DeepClone() as JsonObject) ?? [];
        measured["escalated"] = new JsonObject
        {
            ["to"] = latest.To,
            ["level"] = latest.Level,
            ["at"] = TimestampText.Format(latest.At),
            ["waiting_since"] = TimestampText.Format(latest.WaitingSince),
            ["reason"] = latest.Reason,
        };
        var to = DisplayText.Escape(latest.To);
        var at = $"at {TimestampText.Format(latest.At)} (level {latest.Level}): {DisplayText.Escape(latest.Reason)}";
        return check with
        {
            Summary = check.Status == CheckStatus.Pending
                ? $"{check.Summary} escalated to {to} {at}; members of {to} may now approve."
                : $"{check.Summary} The stage was escalated to {to} {at}.",
            Measured = measured,
        };
    }
}
