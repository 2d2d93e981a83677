using System.Text.Json.Nodes;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

public static partial class GateEngine
{
    private static IEnumerable<GateCheck> PolicyChecks(IReadOnlyList<PolicyRule> policies, IPolicyEvaluator? evaluator, IReadOnlyDictionary<string, object?> input)
    {
        foreach (var policy in policies)
        {
            // The rule's text and digest travel with every decision, so a record shows exactly which rule was applied.
            var threshold = new JsonObject
            {
                ["rule"] = policy.Rule,
                ["rule_digest"] = GateParser.DigestOf(policy.Rule),
                ["effect"] = policy.Effect == PolicyEffect.Block ? "block" : "warn",
            };
            var outcome = evaluator?.Evaluate(policy.Rule, input)
                ?? PolicyOutcome.Failed("this build of ReleaseGate has no policy engine, so the rule cannot be evaluated");
            var violated = policy.Effect == PolicyEffect.Block ? CheckStatus.Fail : CheckStatus.Warn;
            var (status, summary) = outcome switch
            {
                { Value: true } => (CheckStatus.Pass, $"policy '{policy.Id}' holds."),
                { Value: false } => (violated, $"policy '{policy.Id}' is violated: {policy.Message ?? policy.Rule}."),

                // Fail closed: a rule that cannot be evaluated never passes, whatever its effect.
                _ => (CheckStatus.Fail, $"policy '{policy.Id}' could not be evaluated ({outcome.Error}); a policy that cannot be evaluated fails closed."),
            };
            yield return new GateCheck { Id = $"policies/{policy.Id}", Status = status, Summary = summary, Threshold = threshold };
        }
    }

    private static List<StageRequirement> Stages(IReadOnlyList<ApprovalStage> approvals, IPolicyEvaluator? evaluator, IReadOnlyDictionary<string, object?> input)
    {
        var stages = new List<StageRequirement>();
        foreach (var stage in approvals)
        {
            if (stage.When is null)
            {
                stages.Add(new StageRequirement(stage.Stage, stage.Group, stage.Count, true, "always required", stage.Escalate));
                continue;
            }

            // Fail closed: a condition that cannot be evaluated brings the stage in, never leaves it out.
            var outcome = evaluator?.Evaluate(stage.When, input);
            stages.Add(outcome switch
            {
                { Value: true } => new StageRequirement(stage.Stage, stage.Group, stage.Count, true, $"required because {stage.When}", stage.Escalate),
                { Value: false } => new StageRequirement(stage.Stage, stage.Group, stage.Count, false, $"not required: {stage.When} does not hold", stage.Escalate),
                null => new StageRequirement(stage.Stage, stage.Group, stage.Count, true, $"required: the condition {stage.When} cannot be evaluated without a policy engine, so the stage applies", stage.Escalate),
                _ => new StageRequirement(stage.Stage, stage.Group, stage.Count, true, $"required: the condition {stage.When} could not be evaluated ({outcome.Error}), so the stage applies", stage.Escalate),
            });
        }

        return stages;
    }

    private static IEnumerable<GateCheck> ApprovalChecks(IReadOnlyList<ApprovalStage> approvals, List<StageRequirement> stages, DecisionInput input)
    {
        for (var i = 0; i < approvals.Count; i++)
        {
            var stage = approvals[i];
            var applies = stages[i];
            if (!applies.Applies)
            {
                continue;
            }

            var threshold = new JsonObject { ["group"] = stage.Group, ["count"] = stage.Count };
            if (stage.Escalate is { } e)
            {
                threshold["escalate_after_seconds"] = (long)e.After.TotalSeconds;
                threshold["escalate_to"] = e.To;
                if (e.Every is { } every)
                {
                    threshold["escalate_every_seconds"] = (long)every.TotalSeconds;
                }
            }

            var check = new GateCheck
            {
                Id = $"approvals/{stage.Stage}",
                Status = CheckStatus.Pending,
                Summary = $"needs {stage.Count} {Plural(stage.Count, "approval", "approvals")} from {stage.Group} ({applies.Reason}).",
                Threshold = threshold,
            };
            yield return WithEscalation(input.Votes is null ? check : Resolve(check, stage, CountingApprovers(stage, input)), stage, input);
        }
    }

    /// <summary>
    /// The distinct people whose approvals of <paramref name="stage"/> count, in order: given on this release, this evidence and
    /// the stage as it is defined now, and not by the submitter (separation of duties). One person counts once, however often they approve.
    /// </summary>
    private static List<string> CountingApprovers(ApprovalStage stage, DecisionInput input)
    {
        var definition = StageDigest.Of(stage);
        return (input.Votes ?? [])
            .Where(v => v.Approve && v.Stage == stage.Stage && v.User != input.Submitter && Current(v, input) && v.StageDigest == definition)
            .Select(v => v.User).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static GateCheck Resolve(GateCheck check, ApprovalStage stage, List<string> people)
    {
        var measured = new JsonObject { ["approvals"] = people.Count, ["approvers"] = new JsonArray(people.Select(p => (JsonNode)p).ToArray()) };
        return people.Count >= stage.Count
            ? check with { Status = CheckStatus.Pass, Summary = $"approved by {string.Join(", ", people)} ({people.Count} of {stage.Count} from {stage.Group}).", Measured = measured }
            : check with
            {
                Summary = $"{people.Count} of {stage.Count} {Plural(stage.Count, "approval", "approvals")} from {stage.Group}"
                    + (people.Count > 0 ? $" ({string.Join(", ", people)})" : "") + $"; waiting for {stage.Count - people.Count} more.",
                Measured = measured,
            };
    }

    /// <summary>Whether <paramref name="vote"/> was given on the release and evidence being decided on.</summary>
    private static bool Current(Vote vote, DecisionInput input) =>
        vote.ReleaseDigest == input.Release?.Digest && vote.EvidenceDigest == input.EvidenceDigest;

    /// <summary>Says why each approval given on other evidence, or on a stage defined differently or gone, does not count.</summary>
    private static void NoteVotesThatDoNotCount(IReadOnlyList<ApprovalStage> approvals, DecisionInput input, List<string> notes)
    {
        var definitions = approvals.ToDictionary(a => a.Stage, StageDigest.Of, StringComparer.Ordinal);
        var approving = (input.Votes ?? []).Where(v => v.Approve).ToList();
        foreach (var stale in approving.Where(v => !Current(v, input)))
        {
            notes.Add($"the approval of stage '{stale.Stage}' by {stale.User} was given on evidence {Short(stale.EvidenceDigest)}; the evidence changed since, so it no longer counts.");
        }

        foreach (var stale in approving.Where(v => Current(v, input) && definitions.GetValueOrDefault(v.Stage) != v.StageDigest))
        {
            notes.Add(definitions.ContainsKey(stale.Stage)
                ? $"the approval of stage '{stale.Stage}' by {stale.User} was given when the stage was defined differently; the gate changed the stage since, so it no longer counts."
                : $"the approval of stage '{stale.Stage}' by {stale.User} no longer counts: the gate has no stage '{stale.Stage}' now.");
        }
    }

    /// <summary>
    /// The verdict: shipped once shipped; else rejected once anyone rejected (a rejection closes the release whatever else
    /// holds); else as the checks say, where nothing outstanding is approved when votes are collected and pass when not.
    /// </summary>
    private static Verdict FinalVerdict(IReadOnlyList<GateCheck> checks, DecisionInput input)
    {
        var verdict = VerdictOf(checks);
        if (input.Votes is null)
        {
            return verdict;
        }

        return input.Shipped ? Verdict.Shipped
            : input.Votes.Any(v => !v.Approve) ? Verdict.Rejected
            : verdict == Verdict.Pass ? Verdict.Approved
            : verdict;
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
