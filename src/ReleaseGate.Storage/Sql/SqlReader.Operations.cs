namespace ReleaseGate.Storage.Sql;

/// <summary>The reads of scheduler leases, webhooks and their outbox, compliance runs, findings and escalations.</summary>
internal abstract partial class SqlReader
{
    public Task<SchedulerLease?> GetLeaseAsync(string name, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {OperationsSql.LeaseColumns} FROM scheduler_leases WHERE name = @name", new { name }, OperationsSql.Lease, cancellationToken);

    public Task<WebhookRecord?> GetWebhookAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {OperationsSql.WebhookColumns} FROM webhooks WHERE id = @id", new { id }, OperationsSql.Webhook, cancellationToken);

    public Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(string? workflow = null, bool includeDisabled = false, CancellationToken cancellationToken = default) =>
        ListAsync(
            $"SELECT {OperationsSql.WebhookColumns} FROM webhooks WHERE (@workflow IS NULL OR workflow IS NULL OR workflow = @workflow) " +
            "AND (@includeDisabled OR disabled_at IS NULL) ORDER BY id",
            new { workflow, includeDisabled }, OperationsSql.Webhook, cancellationToken);

    public Task<WebhookDeliveryRecord?> GetDeliveryAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {OperationsSql.DeliveryColumns} FROM webhook_deliveries WHERE id = @id", new { id }, OperationsSql.Delivery, cancellationToken);

    public Task<IReadOnlyList<WebhookDeliveryRecord>> ListDeliveriesAsync(
        long? webhookId = null, DeliveryState? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var stateText = state is { } s ? DeliveryStates.Word(s) : null;
        return ListAsync(
            $"SELECT {OperationsSql.DeliveryColumns} FROM webhook_deliveries WHERE (@webhookId IS NULL OR webhook_id = @webhookId) " +
            "AND (@stateText IS NULL OR state = @stateText) ORDER BY id DESC LIMIT @limit",
            new { webhookId, stateText, limit }, OperationsSql.Delivery, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<DeliveryState, long>> CountDeliveriesAsync(CancellationToken cancellationToken = default)
    {
        var counts = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0L);
        var rows = await ListAsync("SELECT state, COUNT(*) FROM webhook_deliveries GROUP BY state",
            r => (DeliveryStates.Parse(r.GetString(0)), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        foreach (var (state, count) in rows)
        {
            counts[state] = count;
        }

        return counts;
    }

    public Task<ComplianceRunRecord?> GetComplianceRunAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {OperationsSql.RunColumns} FROM compliance_runs WHERE id = @id", new { id }, OperationsSql.Run, cancellationToken);

    public Task<ComplianceRunRecord?> GetLatestComplianceRunAsync(string workflow, string? trigger = null, CancellationToken cancellationToken = default) =>
        SingleAsync(
            $"SELECT {OperationsSql.RunColumns} FROM compliance_runs WHERE workflow = @workflow AND (@trigger IS NULL OR run_trigger = @trigger) " +
            "ORDER BY scheduled_for DESC, id DESC LIMIT 1",
            new { workflow, trigger }, OperationsSql.Run, cancellationToken);

    public Task<IReadOnlyList<ComplianceRunRecord>> ListComplianceRunsAsync(string? workflow = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ListAsync(
            $"SELECT {OperationsSql.RunColumns} FROM compliance_runs WHERE (@workflow IS NULL OR workflow = @workflow) ORDER BY id DESC LIMIT @limit",
            new { workflow, limit }, OperationsSql.Run, cancellationToken);
    }

    public Task<FindingRecord?> GetFindingAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {OperationsSql.FindingColumns} FROM findings WHERE id = @id", new { id }, OperationsSql.Finding, cancellationToken);

    public Task<IReadOnlyList<FindingRecord>> ListFindingsAsync(
        string? workflow = null, IReadOnlyCollection<FindingState>? states = null, long? releaseId = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var stateFilter = states is { Count: > 0 } ? $" AND state IN ({OperationsSql.WordList(states)})" : "";
        return ListAsync(
            $"SELECT {OperationsSql.FindingColumns} FROM findings WHERE (@workflow IS NULL OR workflow = @workflow) " +
            $"AND (@releaseId IS NULL OR release_id = @releaseId){stateFilter} ORDER BY id DESC LIMIT @limit",
            new { workflow, releaseId, limit }, OperationsSql.Finding, cancellationToken);
    }

    public Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(long releaseId, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {OperationsSql.EscalationColumns} FROM escalations WHERE release_id = @releaseId ORDER BY id",
            new { releaseId }, OperationsSql.Escalation, cancellationToken);
}
