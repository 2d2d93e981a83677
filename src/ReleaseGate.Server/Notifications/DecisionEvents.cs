using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Notifications;

/// <summary>The events a changed decision raises, written in the transaction that records the decision.</summary>
public static class DecisionEvents
{
    /// <summary>
    /// Enqueues <see cref="WebhookEvents.DecisionChanged"/> for <paramref name="release"/>; with it
    /// <see cref="WebhookEvents.ApprovalNeeded"/> when the release is pending on an approval stage, naming the stages and groups, and
    /// <see cref="WebhookEvents.ReleaseShipped"/> when it was shipped. The data names checks by id and never carries model outputs.
    /// </summary>
    /// <param name="tx">The transaction that records the decision.</param>
    /// <param name="release">The release.</param>
    /// <param name="outcome">The new decision.</param>
    /// <param name="previous">The verdict word of the decision it replaces, if any.</param>
    /// <param name="reason">Why it was decided again.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public static async Task EnqueueAsync(IGateTransaction tx, ReleaseRecord release, DecisionOutcome outcome, string? previous, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(outcome);
        var decision = outcome.Decision;
        var data = new JsonObject
        {
            ["workflow"] = release.Workflow,
            ["release_id"] = release.Id,
            ["version"] = release.Version,
            ["digest"] = release.Digest,
            ["verdict"] = DecisionJson.Word(decision.Verdict),
            ["previous"] = previous,
            ["reason"] = reason,
            ["link"] = $"/releases/{release.Id}",
            ["failing"] = Ids(decision, CheckStatus.Fail),
            ["pending"] = Ids(decision, CheckStatus.Pending),
        };
        var subject = $"releases/{release.Id}";
        var time = decision.EvaluatedAt;
        await Notifications.EnqueueAsync(tx, WebhookEvents.DecisionChanged, release.Workflow, release.Id, subject, data, time, cancellationToken);
        var waiting = decision.Stages
            .Where(s => s.Applies && decision.Checks.Any(c => c.Id == $"approvals/{s.Stage}" && c.Status == CheckStatus.Pending))
            .Select(s => (JsonNode)new JsonObject { ["stage"] = s.Stage, ["group"] = s.Group, ["count"] = s.Count })
            .ToArray();
        if (decision.Verdict == Verdict.Pending && waiting.Length > 0)
        {
            var needed = (JsonObject)data.DeepClone();
            needed["stages"] = new JsonArray(waiting);
            await Notifications.EnqueueAsync(tx, WebhookEvents.ApprovalNeeded, release.Workflow, release.Id, subject, needed, time, cancellationToken);
        }

        if (decision.Verdict == Verdict.Shipped)
        {
            await Notifications.EnqueueAsync(tx, WebhookEvents.ReleaseShipped, release.Workflow, release.Id, subject, (JsonObject)data.DeepClone(), time, cancellationToken);
        }
    }

    private static JsonArray Ids(GateDecision decision, CheckStatus status) =>
        new(decision.Checks.Where(c => c.Status == status).Select(c => (JsonNode)JsonValue.Create(c.Id)).ToArray());
}
