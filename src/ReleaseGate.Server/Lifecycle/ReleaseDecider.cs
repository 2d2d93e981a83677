using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// Applies what only the server knows — approvals, rejections, shipping — to the pure engine's decision
/// (<see cref="GateEngine.Decide"/>). A pure function: the same decision and votes give the same result.
/// </summary>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static class ReleaseDecider
{
    /// <summary>Resolves the approval checks of <paramref name="decision"/> from <paramref name="votes"/> and derives the server verdict.</summary>
    /// <param name="decision">The engine's decision, whose approval checks are all pending.</param>
    /// <param name="votes">Every vote cast on the release, in the order cast.</param>
    /// <param name="releaseDigest">The release's digest.</param>
    /// <param name="evidenceDigest">The digest of the release's evidence now (<see cref="EvidenceDigest.Of"/>).</param>
    /// <param name="stageDigests">The digest of each stage's current definition, by stage: a vote counts only while its stage is defined as it was when the vote was given.</param>
    /// <param name="submitter">Who submitted the release: their approvals never count (separation of duties).</param>
    /// <param name="shipped">Whether the release was shipped.</param>
    public static (GateDecision Decision, ServerVerdict Verdict) Apply(
        GateDecision decision, IReadOnlyList<ApprovalVote> votes, string releaseDigest, string evidenceDigest, IReadOnlyDictionary<string, string> stageDigests, string submitter, bool shipped)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(stageDigests);
        var current = votes.Where(v => v.ReleaseDigest == releaseDigest && v.EvidenceDigest == evidenceDigest && SameStage(v, stageDigests) && v.User != submitter).ToList();
        var checks = decision.Checks.Select(c => c.Id.StartsWith("approvals/", StringComparison.Ordinal) && c.Status == CheckStatus.Pending
            ? Resolve(c, current.Where(v => v.Approve && v.Stage == c.Id["approvals/".Length..]).Select(v => v.User))
            : c).ToList();
        var notes = decision.Notes.ToList();
        foreach (var stale in votes.Where(v => v.Approve && (v.ReleaseDigest != releaseDigest || v.EvidenceDigest != evidenceDigest)))
        {
            notes.Add($"the approval of stage '{stale.Stage}' by {stale.User} was given on evidence {Short(stale.EvidenceDigest)}; the evidence changed since, so it no longer counts.");
        }

        foreach (var stale in votes.Where(v => v.Approve && v.ReleaseDigest == releaseDigest && v.EvidenceDigest == evidenceDigest && !SameStage(v, stageDigests)))
        {
            notes.Add(stageDigests.ContainsKey(stale.Stage)
                ? $"the approval of stage '{stale.Stage}' by {stale.User} was given when the stage was defined differently; the gate changed the stage since, so it no longer counts."
                : $"the approval of stage '{stale.Stage}' by {stale.User} no longer counts: the gate has no stage '{stale.Stage}' now.");
        }

        var rejection = votes.FirstOrDefault(v => !v.Approve);
        var resolved = decision with { Checks = checks, Notes = notes };
        var verdict = shipped ? ServerVerdict.Shipped
            : rejection is not null ? ServerVerdict.Rejected
            : GateEngine.VerdictOf(checks) switch
            {
                Verdict.Blocked => ServerVerdict.Blocked,
                Verdict.Pending => ServerVerdict.Pending,
                _ => ServerVerdict.Approved,
            };
        return (resolved, verdict);
    }

    private static GateCheck Resolve(GateCheck check, IEnumerable<string> approvers)
    {
        // One person counts once, however often they approve.
        var people = approvers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var count = check.Threshold["count"]?.GetValue<int>() ?? 1;
        var group = check.Threshold["group"]?.GetValue<string>() ?? "the stage's group";
        var measured = new JsonObject { ["approvals"] = people.Count, ["approvers"] = new JsonArray(people.Select(p => (JsonNode)p).ToArray()) };
        return people.Count >= count
            ? check with { Status = CheckStatus.Pass, Summary = $"approved by {string.Join(", ", people)} ({people.Count} of {count} from {group}).", Measured = measured }
            : check with
            {
                Summary = $"{people.Count} of {count} {(count == 1 ? "approval" : "approvals")} from {group}"
                    + (people.Count > 0 ? $" ({string.Join(", ", people)})" : "") + $"; waiting for {count - people.Count} more.",
                Measured = measured,
            };
    }

    private static bool SameStage(ApprovalVote vote, IReadOnlyDictionary<string, string> stageDigests) =>
        stageDigests.TryGetValue(vote.Stage, out var digest) && digest == vote.StageDigest;

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
