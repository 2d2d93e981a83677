namespace ReleaseGate.Storage;

/// <summary>One event for one subscription in the outbox. The event's fields never change; the delivery state does. Never deleted.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="WebhookId">The subscription.</param>
/// <param name="EventId">The event's unique id (unique per subscription).</param>
/// <param name="Type">The event type word.</param>
/// <param name="Workflow">The workflow it is about.</param>
/// <param name="ReleaseId">The release it is about, if any.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="PayloadJson">The event's JSON.</param>
/// <param name="State">Pending, delivered or dead.</param>
/// <param name="Attempts">How many times sending was tried since it was enqueued or last replayed.</param>
/// <param name="CreatedAt">When it was enqueued (store clock).</param>
/// <param name="NextAttemptAt">When a pending delivery is next due (a claim moves it on, so that a crashed deliverer's claims come due again).</param>
/// <param name="LastAttemptAt">When sending was last tried.</param>
/// <param name="LastStatus">The HTTP status of the last try, if one came back.</param>
/// <param name="LastError">What went wrong on the last try, at most 1,000 characters.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
public sealed record WebhookDeliveryRecord(
    long Id, long WebhookId, string EventId, string Type, string Workflow, long? ReleaseId, string Subject, string PayloadJson, DeliveryState State,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset? DeliveredAt);
