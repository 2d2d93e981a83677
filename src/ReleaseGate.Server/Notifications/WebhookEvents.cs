namespace ReleaseGate.Server.Notifications;

/// <summary>
/// The event types a webhook subscription can name. On the wire each is the CloudEvents type
/// <c>dev.releasegate.&lt;word&gt;</c> (<see cref="TypePrefix"/>); a subscription lists the words, or <c>*</c> for all.
/// </summary>
public static class WebhookEvents
{
    /// <summary>The prefix of the CloudEvents <c>type</c> attribute.</summary>
    public const string TypePrefix = "dev.releasegate.";

    /// <summary>A release's decision changed (a new verdict, or the same verdict on other checks).</summary>
    public const string DecisionChanged = "decision.changed";

    /// <summary>A release waits on an approval stage: its verdict is pending and an approval check is pending.</summary>
    public const string ApprovalNeeded = "approval.needed";

    /// <summary>A release that waited too long was escalated.</summary>
    public const string Escalated = "escalated";

    /// <summary>A finding was opened against a workflow.</summary>
    public const string FindingOpened = "finding.opened";

    /// <summary>A release was shipped.</summary>
    public const string ReleaseShipped = "release.shipped";

    /// <summary>A test event sent to one subscription on request (<c>POST /api/v1/webhooks/{id}/test</c>).</summary>
    public const string Ping = "ping";

    /// <summary>The word a subscription uses to take every event type.</summary>
    public const string Any = "*";

    /// <summary>Every event type a subscription may name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [DecisionChanged, ApprovalNeeded, Escalated, FindingOpened, ReleaseShipped, Ping];

    /// <summary>Whether <paramref name="word"/> is an event type a subscription may name (<see cref="Any"/> included).</summary>
    public static bool IsKnown(string word) => word == Any || All.Contains(word, StringComparer.Ordinal);
}
