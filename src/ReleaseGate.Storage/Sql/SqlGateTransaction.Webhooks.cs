namespace ReleaseGate.Storage.Sql;

/// <summary>
/// The writes of webhook subscriptions and their outbox. Enqueueing is one <c>INSERT … SELECT</c> in the caller's transaction, so an
/// event is in the outbox exactly when the change it reports commits; claims move a delivery's next attempt on rather than marking it,
/// so a deliverer that dies leaves nothing stuck.
/// </summary>
internal sealed partial class SqlGateTransaction
{
    public Task<WebhookRecord> AddWebhookAsync(NewWebhook webhook, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(webhook.Events, nameof(webhook));
        if (webhook.Events.Count == 0 || webhook.Events.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException(StorageMessages.WebhookEventsEmpty(), nameof(webhook));
        }

        if (webhook.ReleaseId is { } releaseId)
        {
            await RequireReleaseAsync(releaseId, cancellationToken).ConfigureAwait(false);
        }

        var added = (await SingleAsync(
            "INSERT INTO webhooks (workflow, release_id, url, events, format, secret, created_by, created_at) " +
            $"VALUES (@Workflow, @ReleaseId, @Url, @events, @Format, @Secret, @CreatedBy, @now) RETURNING {OperationsSql.WebhookColumns}",
            new
            {
                webhook.Workflow, webhook.ReleaseId, webhook.Url, events = OperationsSql.EventsText(webhook.Events), webhook.Format, webhook.Secret,
                webhook.CreatedBy, now = store.Now(),
            },
            OperationsSql.Webhook, cancellationToken).ConfigureAwait(false))!;
        foreach (var type in webhook.Events.Distinct(StringComparer.Ordinal))
        {
            await ExecAsync("INSERT INTO webhook_event_types (webhook_id, event) VALUES (@id, @type)", new { id = added.Id, type }, cancellationToken).ConfigureAwait(false);
        }

        return added;
    });

    public Task<WebhookRecord> DisableWebhookAsync(long id, string actor, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await SingleAsync(
                $"UPDATE webhooks SET disabled_at = @now, disabled_by = @actor WHERE id = @id AND disabled_at IS NULL RETURNING {OperationsSql.WebhookColumns}",
                new { now = store.Now(), actor, id }, OperationsSql.Webhook, cancellationToken).ConfigureAwait(false)
            ?? await GetWebhookAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new RecordNotFoundException(StorageMessages.WebhookMissing(id));
    });

    public Task<int> EnqueueWebhookEventAsync(NewWebhookEvent e, CancellationToken cancellationToken = default) => RunAsync(() =>
    {
        ArgumentNullException.ThrowIfNull(e);
        return ExecAsync(
            "INSERT INTO webhook_deliveries (webhook_id, event_id, type, workflow, release_id, subject, payload_json, state, attempts, created_at, next_attempt_at) " +
            "SELECT w.id, @EventId, @Type, @Workflow, @ReleaseId, @Subject, @PayloadJson, @pending, 0, @now, @now FROM webhooks w " +
            "WHERE w.disabled_at IS NULL AND ((@OnlyWebhookId IS NULL " +
            "AND (w.workflow IS NULL OR w.workflow = @Workflow) AND (w.release_id IS NULL OR w.release_id = @ReleaseId) " +
            "AND EXISTS (SELECT 1 FROM webhook_event_types t WHERE t.webhook_id = w.id AND t.event IN (@Type, '*'))) " +
            "OR w.id = @OnlyWebhookId) " +
            "ON CONFLICT (webhook_id, event_id) DO NOTHING",
            new { e.EventId, e.Type, e.Workflow, e.ReleaseId, e.Subject, e.PayloadJson, pending = DeliveryStates.Word(DeliveryState.Pending), now = store.Now(), e.OnlyWebhookId },
            cancellationToken);
    });

    public Task<IReadOnlyList<WebhookDeliveryRecord>> ClaimDueDeliveriesAsync(int limit, TimeSpan claimFor, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claimFor, TimeSpan.Zero);
            var now = store.Now();
            var until = LedgerHash.TruncateToMicroseconds(now + claimFor);
            // The state as a literal, not a parameter: only then can the planner use the partial index of pending deliveries.
            var claimed = await ListAsync(
                "UPDATE webhook_deliveries SET next_attempt_at = @until WHERE id IN (" +
                "SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id " +
                "WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND w.disabled_at IS NULL " +
                $"ORDER BY d.id LIMIT @limit{store.ForUpdateOf("d", skipLocked: true)}) RETURNING {OperationsSql.DeliveryColumns}",
                new { until, now, limit }, OperationsSql.Delivery, cancellationToken).ConfigureAwait(false);

            // RETURNING keeps no order.
            return (IReadOnlyList<WebhookDeliveryRecord>)[.. claimed.OrderBy(d => d.Id)];
        });

    public Task<WebhookDeliveryRecord> RecordDeliveryAttemptAsync(long id, DeliveryAttempt attempt, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var now = store.Now();
        var state = attempt.Delivered ? DeliveryState.Delivered : attempt.RetryAt is null ? DeliveryState.Dead : DeliveryState.Pending;
        return await SingleAsync(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = @now, last_status = @status, last_error = @error, state = @state, " +
                "delivered_at = @deliveredAt, next_attempt_at = COALESCE(@retryAt, next_attempt_at) " +
                $"WHERE id = @id RETURNING {OperationsSql.DeliveryColumns}",
                new
                {
                    now, status = attempt.Status, error = OperationsSql.CutError(attempt.Error), state = DeliveryStates.Word(state),
                    deliveredAt = attempt.Delivered ? now : (DateTimeOffset?)null,
                    retryAt = attempt.Delivered || attempt.RetryAt is not { } retry ? (DateTimeOffset?)null : LedgerHash.TruncateToMicroseconds(retry.ToUniversalTime()),
                    id,
                },
                OperationsSql.Delivery, cancellationToken).ConfigureAwait(false)
            ?? throw new RecordNotFoundException(StorageMessages.DeliveryMissing(id));
    });

    public Task<WebhookDeliveryRecord> ReplayDeliveryAsync(long id, CancellationToken cancellationToken = default) => RunAsync(async () =>
        await SingleAsync(
            "UPDATE webhook_deliveries SET state = @pending, attempts = 0, next_attempt_at = @now, delivered_at = NULL " +
            $"WHERE id = @id AND state <> @pending RETURNING {OperationsSql.DeliveryColumns}",
            new { pending = DeliveryStates.Word(DeliveryState.Pending), now = store.Now(), id }, OperationsSql.Delivery, cancellationToken).ConfigureAwait(false)
        ?? await GetDeliveryAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new RecordNotFoundException(StorageMessages.DeliveryMissing(id)));
}
