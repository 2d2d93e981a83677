using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Notifications;

/// <summary>
/// Writes events to the webhook outbox: the event is stored in the same transaction as the change it reports, one delivery per
/// matching subscription, so that an event is sent if and only if its change was committed. <see cref="WebhookDelivery"/> sends them.
/// </summary>
public static class Notifications
{
    /// <summary>The CloudEvents version of every event.</summary>
    public const string SpecVersion = "1.0";

    private static readonly Meter Meter = new(ServerApp.MeterName);

    // A static meter of the server's name: the store transaction that enqueues has no service provider, and the exporter listens by name.
    private static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("releasegate.webhooks.enqueued", "{delivery}",
        "Webhook deliveries written to the outbox (counted when written; a transaction rolled back afterwards discards them), by event type.");

    /// <summary>
    /// Builds a CloudEvents 1.0 event and writes it to the outbox in <paramref name="tx"/>: one delivery for each active subscription
    /// of <paramref name="workflow"/> (or of every workflow) that takes <paramref name="type"/>.
    /// </summary>
    /// <param name="tx">The transaction of the change the event reports.</param>
    /// <param name="type">The event type word (<see cref="WebhookEvents"/>); on the wire <c>dev.releasegate.&lt;type&gt;</c>.</param>
    /// <param name="workflow">The workflow it concerns; the event's source is <c>/releasegate/workflows/&lt;workflow&gt;</c>.</param>
    /// <param name="releaseId">The release it concerns, if any: subscriptions scoped to a release take only its events.</param>
    /// <param name="subject">The CloudEvents <c>subject</c> (for a release, <c>releases/&lt;id&gt;</c>).</param>
    /// <param name="data">The event's data; never model outputs or secrets, since subscribers outside the organisation may read it.</param>
    /// <param name="time">When the change happened (the store's clock).</param>
    /// <param name="ct">Cancels the write.</param>
    /// <returns>The event's id.</returns>
    public static Task<string> EnqueueAsync(IGateTransaction tx, string type, string workflow, long? releaseId, string subject, JsonObject data, DateTimeOffset time, CancellationToken ct) =>
        EnqueueAsync(tx, type, workflow, releaseId, subject, data, time, null, ct);

    /// <summary>As the public overload, for one subscription only (<paramref name="onlyWebhookId"/>), as a test event is.</summary>
    internal static async Task<string> EnqueueAsync(
        IGateTransaction tx, string type, string workflow, long? releaseId, string subject, JsonObject data, DateTimeOffset time, long? onlyWebhookId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(workflow);
        ArgumentNullException.ThrowIfNull(data);
        var id = Guid.CreateVersion7(time).ToString();
        var e = CloudEvent(id, type, workflow, subject, data, time);
        var count = await tx.EnqueueWebhookEventAsync(new NewWebhookEvent(id, type, workflow, releaseId, subject, e.ToJsonString(), onlyWebhookId), ct);
        Enqueued.Add(count, new KeyValuePair<string, object?>("type", type));
        return id;
    }

    /// <summary>The CloudEvents 1.0 structured-mode event (JSON) with these attributes.</summary>
    public static JsonObject CloudEvent(string id, string type, string workflow, string subject, JsonObject data, DateTimeOffset time) => new()
    {
        ["specversion"] = SpecVersion,
        ["id"] = id,
        ["source"] = "/releasegate/workflows/" + Uri.EscapeDataString(workflow),
        ["type"] = WebhookEvents.TypePrefix + type,
        ["subject"] = subject,
        ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        ["datacontenttype"] = "application/json",
        ["data"] = data,
    };
}
