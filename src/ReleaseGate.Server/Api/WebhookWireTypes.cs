using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Api;

/// <summary>A new webhook subscription.</summary>
/// <param name="Workflow">The workflow whose events it takes; absent for every workflow.</param>
/// <param name="Url">The absolute http or https URL events are POSTed to.</param>
/// <param name="Events">The event types it takes (<c>decision.changed</c>, …), or <c>*</c> for all.</param>
/// <param name="Format"><c>cloudevents</c> (the default), <c>slack</c> or <c>commit-status</c>.</param>
/// <param name="Secret">The signing secret; generated when absent. Either way it is shown once, in the answer.</param>
public sealed record WebhookRequestV1(string? Workflow, string? Url, IReadOnlyList<string>? Events, string? Format, string? Secret);

/// <summary>A commit-status callback for one release: its decision changes and its shipping are POSTed to <paramref name="Url"/>.</summary>
/// <param name="Url">The absolute http or https URL.</param>
/// <param name="Secret">The signing secret; generated when absent, and shown once.</param>
public sealed record CallbackRequestV1(string? Url, string? Secret);

/// <summary>A webhook subscription as the API shows it: never its secret.</summary>
/// <param name="Id">The subscription's id.</param>
/// <param name="Workflow">The workflow it takes events of; null for every workflow.</param>
/// <param name="ReleaseId">The release it is scoped to (a callback), if any.</param>
/// <param name="Url">Where events go.</param>
/// <param name="Events">The event types it takes.</param>
/// <param name="Format">The body format.</param>
/// <param name="CreatedBy">Who added it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="DisabledAt">When it was disabled, if it was.</param>
/// <param name="DisabledBy">Who disabled it.</param>
public sealed record WebhookV1(long Id, string? Workflow, long? ReleaseId, string Url, IReadOnlyList<string> Events, string Format, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? DisabledBy);

/// <summary>The answer to adding a subscription: the only time its secret is shown.</summary>
/// <param name="Webhook">The subscription.</param>
/// <param name="Secret">The signing secret; keep it where the receiver can read it.</param>
public sealed record WebhookCreatedV1(WebhookV1 Webhook, string Secret);

/// <summary>The answer to a test request: the ping event queued for the subscription.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="DeliveryId">The delivery's id; read it at <c>GET /api/v1/webhooks/{id}/deliveries</c>.</param>
public sealed record WebhookTestV1(string EventId, long DeliveryId);

/// <summary>One delivery of an event to a subscription.</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="WebhookId">The subscription.</param>
/// <param name="EventId">The event's id (the same for every subscription the event goes to).</param>
/// <param name="Type">The event type word.</param>
/// <param name="Workflow">The workflow.</param>
/// <param name="ReleaseId">The release, if any.</param>
/// <param name="Subject">The event's subject.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>dead</c>.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="CreatedAt">When the event was queued.</param>
/// <param name="NextAttemptAt">When it is next attempted, while pending.</param>
/// <param name="LastAttemptAt">When it was last attempted.</param>
/// <param name="LastStatus">The HTTP status of the last attempt, if the receiver answered.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
/// <param name="Event">The CloudEvent.</param>
public sealed record WebhookDeliveryV1(long Id, long WebhookId, string EventId, string Type, string Workflow, long? ReleaseId, string Subject, string State,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset? DeliveredAt, JsonNode? Event);
