using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Notifications;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Webhook subscriptions and their deliveries: add, list, disable and test subscriptions, read deliveries and the dead letters,
/// replay a delivery, and a release's commit-status callback. Secrets are shown once, when a subscription is added.
/// </summary>
public static class WebhooksApi
{
    /// <summary>The shortest secret a caller may choose.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The longest secret a caller may choose.</summary>
    public const int MaxSecretLength = 256;

    /// <summary>The ledger subject of subscriptions to every workflow.</summary>
    public const string GlobalSubject = "webhooks";

    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/webhooks", AddAsync).Requires(Scope.Admin)
            .WithSummary("Add a webhook subscription: {workflow?, url, events, format?, secret?}. The secret (generated when absent) is in this answer and never again.");
        api.MapGet("/webhooks", ListAsync).Requires(Scope.Admin).WithSummary("List webhook subscriptions (?workflow= to filter, ?all=true to include disabled ones).");
        api.MapGet("/webhooks/{id:long}", GetAsync).Requires(Scope.Admin).WithSummary("Read a webhook subscription (never its secret).");
        api.MapPost("/webhooks/{id:long}/disable", DisableAsync).Requires(Scope.Admin).WithSummary("Disable a webhook subscription for good: it takes no more events, and its pending deliveries are no longer sent.");
        api.MapPost("/webhooks/{id:long}/test", TestAsync).Requires(Scope.Admin).WithSummary("Queue a 'ping' event for this subscription only; answers with the delivery's id.");
        api.MapGet("/webhooks/{id:long}/deliveries", DeliveriesAsync).Requires(Scope.Admin).WithSummary("List a subscription's deliveries, newest first (?state=pending|delivered|dead).");
        api.MapGet("/webhook-deliveries", AllDeliveriesAsync).Requires(Scope.Admin).WithSummary("List deliveries of every subscription, newest first (?state=dead for the dead letters).");
        api.MapPost("/webhook-deliveries/{id:long}/replay", ReplayAsync).Requires(Scope.Admin).WithSummary("Send a dead or delivered delivery again: it is pending with its attempts reset.");
        // Any credential reaches the handler, which allows the release's submitter (with the submit scope) or an admin.
        api.MapPost("/releases/{id:long}/callbacks", CallbackAsync).Requires(Scope.None)
            .WithSummary("Add a commit-status callback for this release (its submitter or an admin): its decision changes and its shipping are POSTed to the URL, signed, so CI need not poll.");
    }

    private static async Task<Results<Created<WebhookCreatedV1>, ProblemHttpResult>> AddAsync(WebhookRequestV1 request, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (Refusal(request.Url, request.Secret) is { } refused)
        {
            return refused;
        }

        if (request.Events is not { Count: > 0 } events)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.WebhookEvents, "Invalid webhook",
                $"events: name the event types to send ({string.Join(", ", WebhookEvents.All)}), or \"*\" for all.");
        }

        foreach (var word in events)
        {
            if (word is null || !WebhookEvents.IsKnown(word))
            {
                return Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.WebhookEvents, "Invalid webhook",
                    $"events: '{DisplayText.Escape(word ?? "null")}' is not an event type; use {string.Join(", ", WebhookEvents.All)}, or \"*\" for all.");
            }
        }

        var format = request.Format ?? WebhookFormats.CloudEvents;
        if (!WebhookFormats.All.Contains(format))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.WebhookEvents, "Invalid webhook",
                $"format: '{DisplayText.Escape(format)}' is not a webhook format; use {string.Join(", ", WebhookFormats.All)}.");
        }

        if (request.Workflow is { } workflow && await store.GetWorkflowAsync(workflow, cancellationToken) is null)
        {
            return Problems.UnknownWorkflow(workflow);
        }

        var secret = request.Secret ?? NewSecret();
        var hook = new NewWebhook(request.Workflow, null, request.Url!, events.Distinct(StringComparer.Ordinal).ToList(), format, secret, caller.User);
        var created = await SaveAsync(store, hook, cancellationToken);
        return TypedResults.Created($"/api/v1/webhooks/{created.Id}", new WebhookCreatedV1(View(created), secret));
    }

    /// <summary>The most active commit-status callbacks one release may have.</summary>
    public const int MaxCallbacksPerRelease = 5;

    private static async Task<Results<Created<WebhookCreatedV1>, ProblemHttpResult>> CallbackAsync(
        long id, CallbackRequestV1 request, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (await store.GetReleaseAsync(id, cancellationToken) is not { } release)
        {
            return ReleasesApi.UnknownRelease(id);
        }

        if (!caller.Has(Scope.Admin) && !(caller.Has(Scope.Submit) && release.Submitter == caller.User))
        {
            return Problems.Forbidden($"only the release's submitter ({release.Submitter}, with the 'submit' scope) or an admin may add a callback to release {id}.");
        }

        if (Refusal(request.Url, request.Secret) is { } refused)
        {
            return refused;
        }

        // A release's callbacks are for its CI: a few at most, so that a submitter cannot make the server send without bound.
        var existing = (await store.ListWebhooksAsync(release.Workflow, includeDisabled: false, cancellationToken)).Count(w => w.ReleaseId == release.Id);
        if (existing >= MaxCallbacksPerRelease)
        {
            return Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.TooManyCallbacks, "Too many callbacks",
                $"release {id} has {existing} active callbacks, the most one release may have; disable one with 'releasegate webhook disable ID' (an admin) before adding another.");
        }

        var secret = request.Secret ?? NewSecret();
        var hook = new NewWebhook(release.Workflow, release.Id, request.Url!, [WebhookEvents.DecisionChanged, WebhookEvents.ReleaseShipped],
            WebhookFormats.CommitStatus, secret, caller.User);
        var created = await SaveAsync(store, hook, cancellationToken);
        return TypedResults.Created($"/api/v1/webhooks/{created.Id}", new WebhookCreatedV1(View(created), secret));
    }

    private static async Task<Ok<List<WebhookV1>>> ListAsync(string? workflow, bool? all, IGateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListWebhooksAsync(workflow, all ?? false, cancellationToken)).Select(View).ToList());

    private static async Task<Results<Ok<WebhookV1>, ProblemHttpResult>> GetAsync(long id, IGateStore store, CancellationToken cancellationToken) =>
        await store.GetWebhookAsync(id, cancellationToken) is { } hook ? TypedResults.Ok(View(hook)) : UnknownWebhook(id);

    private static async Task<Results<Ok<WebhookV1>, ProblemHttpResult>> DisableAsync(long id, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        return await StoreWrites.RunAsync<Results<Ok<WebhookV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetWebhookAsync(id, cancellationToken) is not { } hook)
            {
                return (UnknownWebhook(id), false);
            }

            if (hook.DisabledAt is not null)
            {
                return (Disabled(hook), false);
            }

            var disabled = await tx.DisableWebhookAsync(id, caller.User, cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.WebhookDisabled, Subject(hook.Workflow), new JsonObject
            {
                ["webhook"] = id,
                ["url"] = hook.Url,
            }), cancellationToken);
            return (TypedResults.Ok(View(disabled)), true);
        }, cancellationToken);
    }

    private static async Task<Results<Ok<WebhookTestV1>, ProblemHttpResult>> TestAsync(long id, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        return await StoreWrites.RunAsync<Results<Ok<WebhookTestV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetWebhookAsync(id, cancellationToken) is not { } hook)
            {
                return (UnknownWebhook(id), false);
            }

            if (hook.DisabledAt is not null)
            {
                return (Disabled(hook), false);
            }

            // A subscription to every workflow is pinged on behalf of the server itself.
            var workflow = hook.Workflow ?? "releasegate";
            var data = new JsonObject { ["webhook"] = id, ["workflow"] = hook.Workflow, ["release_id"] = hook.ReleaseId, ["reason"] = $"test requested by {caller.User}" };
            var eventId = await Notifications.Notifications.EnqueueAsync(tx, WebhookEvents.Ping, workflow, hook.ReleaseId, $"webhooks/{id}", data, store.Clock.GetUtcNow(), id, cancellationToken);
            var delivery = (await tx.ListDeliveriesAsync(id, null, 100, cancellationToken)).Single(d => d.EventId == eventId);
            return (TypedResults.Ok(new WebhookTestV1(eventId, delivery.Id)), true);
        }, cancellationToken);
    }

    private static async Task<Results<Ok<List<WebhookDeliveryV1>>, ProblemHttpResult>> DeliveriesAsync(
        long id, string? state, int? limit, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetWebhookAsync(id, cancellationToken) is null)
        {
            return UnknownWebhook(id);
        }

        return await ListDeliveriesAsync(store, id, state, limit, cancellationToken);
    }

    private static Task<Results<Ok<List<WebhookDeliveryV1>>, ProblemHttpResult>> AllDeliveriesAsync(string? state, int? limit, IGateStore store, CancellationToken cancellationToken) =>
        ListDeliveriesAsync(store, null, state, limit, cancellationToken);

    private static async Task<Results<Ok<WebhookDeliveryV1>, ProblemHttpResult>> ReplayAsync(long id, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        return await StoreWrites.RunAsync<Results<Ok<WebhookDeliveryV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetDeliveryAsync(id, cancellationToken) is not { } delivery)
            {
                return (Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.UnknownDelivery, "Unknown delivery",
                    $"no webhook delivery has id {id}; list them with GET /api/v1/webhook-deliveries."), false);
            }

            if (delivery.State == DeliveryState.Pending)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.DeliveryPending, "Delivery pending",
                    $"delivery {id} is pending (attempt {delivery.Attempts + 1} is due at {TimestampText.Format(delivery.NextAttemptAt)}); it is sent without a replay."), false);
            }

            var hook = await tx.GetWebhookAsync(delivery.WebhookId, cancellationToken);
            if (hook is { DisabledAt: not null })
            {
                return (Disabled(hook), false);
            }

            var replayed = await tx.ReplayDeliveryAsync(id, cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.WebhookDeliveryReplayed, Subject(hook?.Workflow), new JsonObject
            {
                ["delivery"] = id,
                ["webhook"] = delivery.WebhookId,
                ["event"] = delivery.EventId,
                ["previous_state"] = StateWord(delivery.State),
            }), cancellationToken);
            return (TypedResults.Ok(View(replayed)), true);
        }, cancellationToken);
    }

    /// <summary>The word for a delivery state on the wire.</summary>
    public static string StateWord(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivered => "delivered",
        DeliveryState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private static async Task<Results<Ok<List<WebhookDeliveryV1>>, ProblemHttpResult>> ListDeliveriesAsync(IGateStore store, long? webhook, string? state, int? limit, CancellationToken cancellationToken)
    {
        DeliveryState? wanted = state switch
        {
            null => null,
            "pending" => DeliveryState.Pending,
            "delivered" => DeliveryState.Delivered,
            "dead" => DeliveryState.Dead,
            _ => (DeliveryState)(-1),
        };
        if (wanted == (DeliveryState)(-1))
        {
            return Problems.BadField("state", $"'{DisplayText.Escape(state!)}' is not a delivery state; use pending, delivered or dead.");
        }

        var rows = await store.ListDeliveriesAsync(webhook, wanted, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
        return TypedResults.Ok(rows.Select(View).ToList());
    }

    private static async Task<WebhookRecord> SaveAsync(IGateStore store, NewWebhook hook, CancellationToken cancellationToken) =>
        await StoreWrites.RunAsync(store, async tx =>
        {
            var created = await tx.AddWebhookAsync(hook, cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(hook.CreatedBy, LedgerEvents.WebhookAdded, Subject(hook.Workflow), new JsonObject
            {
                ["webhook"] = created.Id,
                ["release"] = hook.ReleaseId,
                ["url"] = hook.Url,
                ["events"] = new JsonArray(hook.Events.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
                ["format"] = hook.Format,
            }), cancellationToken);
            return (created, true);
        }, cancellationToken);

    private static ProblemHttpResult? Refusal(string? url, string? secret)
    {
        if (WebhookUrls.Problem(url) is { } problem)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.WebhookUrl, "Invalid webhook URL", $"url {problem}");
        }

        if (secret is not null && (secret.Length < MinSecretLength || secret.Length > MaxSecretLength || secret.Any(char.IsControl)))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.WebhookSecret, "Invalid webhook secret",
                $"secret: give {MinSecretLength} to {MaxSecretLength} printable characters, or leave it out and the server generates one.");
        }

        return null;
    }

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Subject(string? workflow) => workflow is null ? GlobalSubject : $"workflow/{workflow}";

    private static ProblemHttpResult UnknownWebhook(long id) =>
        Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.UnknownWebhook, "Unknown webhook", $"no webhook subscription has id {id}; list them with GET /api/v1/webhooks.");

    private static ProblemHttpResult Disabled(WebhookRecord hook) =>
        Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.WebhookDisabled, "Webhook disabled",
            $"webhook {hook.Id} was disabled by {hook.DisabledBy} at {TimestampText.Format(hook.DisabledAt!.Value)}; add a new subscription instead.");

    private static WebhookV1 View(WebhookRecord h) => new(h.Id, h.Workflow, h.ReleaseId, h.Url, h.Events, h.Format, h.CreatedBy, h.CreatedAt, h.DisabledAt, h.DisabledBy);

    private static WebhookDeliveryV1 View(WebhookDeliveryRecord d) => new(d.Id, d.WebhookId, d.EventId, d.Type, d.Workflow, d.ReleaseId, d.Subject, StateWord(d.State),
        d.Attempts, d.CreatedAt, d.NextAttemptAt, d.LastAttemptAt, d.LastStatus, d.LastError, d.DeliveredAt, JsonNode.Parse(d.PayloadJson));
}
