namespace ReleaseGate.Storage;

/// <summary>An event to deliver to the matching subscriptions (<see cref="IGateTransaction.EnqueueWebhookEventAsync"/>).</summary>
/// <param name="EventId">The event's unique id: a subscription gets one delivery per id, however often it is enqueued.</param>
/// <param name="Type">The event type word subscriptions match on.</param>
/// <param name="Workflow">The workflow it is about.</param>
/// <param name="ReleaseId">The release it is about, if any: release-scoped subscriptions match only their release.</param>
/// <param name="Subject">What it is about, such as <c>release:42</c>.</param>
/// <param name="PayloadJson">The event's JSON, delivered as stored.</param>
/// <param name="OnlyWebhookId">When set, only this subscription gets it (if active), whatever its workflow, release and events: a test delivery.</param>
public sealed record NewWebhookEvent(string EventId, string Type, string Workflow, long? ReleaseId, string Subject, string PayloadJson, long? OnlyWebhookId = null);
