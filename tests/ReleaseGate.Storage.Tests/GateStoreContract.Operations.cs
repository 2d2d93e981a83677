using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>Scheduler leases, webhook subscriptions and the outbox (migration 0005).</summary>
public abstract partial class GateStoreContract
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private async Task<T> WriteAsync<T>(Func<IGateTransaction, Task<T>> write, IGateStore? store = null)
    {
        await using var tx = await (store ?? Store).BeginAsync();
        var result = await write(tx);
        await tx.CommitAsync();
        return result;
    }

    private Task<WebhookRecord> AddWebhookAsync(string? workflow, params string[] events) =>
        WriteAsync(tx => tx.AddWebhookAsync(new NewWebhook(workflow, null, "https://hooks.example/" + string.Join("-", events), events, "cloudevents", "s3cret", "alice")));

    private Task<int> EnqueueAsync(string eventId, string type, string workflow = "support-agent", long? releaseId = null, long? only = null) =>
        WriteAsync(tx => tx.EnqueueWebhookEventAsync(new NewWebhookEvent(eventId, type, workflow, releaseId, "release:1", $$"""{"id":"{{eventId}}"}""", only)));

    [StoreFact]
    public async Task A_lease_is_taken_renewed_refused_to_others_and_taken_over_after_it_expires()
    {
        var start = Time.GetUtcNow();
        var taken = await Store.TryAcquireLeaseAsync("compliance", "node-a", Minute);
        Assert.Equal(new SchedulerLease("compliance", "node-a", start, start + Minute), taken);
        Assert.Equal(taken, await Store.GetLeaseAsync("compliance"));

        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await Store.TryAcquireLeaseAsync("compliance", "node-b", Minute));
        var renewed = await Store.TryAcquireLeaseAsync("compliance", "node-a", Minute);
        Assert.Equal(new SchedulerLease("compliance", "node-a", start, Time.GetUtcNow() + Minute), renewed);

        // Other leases are other leases.
        Assert.NotNull(await Store.TryAcquireLeaseAsync("webhooks", "node-b", Minute));

        // Until the instant it expires it is node-a's; from then on anybody's.
        Time.Advance(Minute - TimeSpan.FromTicks(10));
        Assert.Null(await Store.TryAcquireLeaseAsync("compliance", "node-b", Minute));
        Time.Advance(TimeSpan.FromTicks(10));
        var over = await Store.TryAcquireLeaseAsync("compliance", "node-b", Minute);
        Assert.Equal(new SchedulerLease("compliance", "node-b", Time.GetUtcNow(), Time.GetUtcNow() + Minute), over);
        Assert.Null(await Store.TryAcquireLeaseAsync("compliance", "node-a", Minute));

        // Released, it is free at once; only its holder releases it.
        Assert.False(await Store.ReleaseLeaseAsync("compliance", "node-a"));
        Assert.True(await Store.ReleaseLeaseAsync("compliance", "node-b"));
        Assert.False(await Store.ReleaseLeaseAsync("compliance", "node-b"));
        Assert.False(await Store.ReleaseLeaseAsync("no-such-lease", "node-b"));
        Assert.Equal(Time.GetUtcNow(), (await Store.GetLeaseAsync("compliance"))!.ExpiresAt);
        Assert.Equal("node-a", (await Store.TryAcquireLeaseAsync("compliance", "node-a", Minute))!.Holder);
        Assert.Null(await Store.GetLeaseAsync("no-such-lease"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.TryAcquireLeaseAsync("compliance", "node-a", TimeSpan.Zero));
    }

    [StoreFact]
    public async Task Of_instances_racing_for_a_lease_exactly_one_wins_each_round()
    {
        await using var other = await OpenAsync();
        for (var round = 0; round < 10; round++)
        {
            var name = "race-" + round;
            var attempts = Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => (i % 2 == 0 ? Store : other).TryAcquireLeaseAsync(name, "node-" + i, Minute)))
                .ToList();
            var leases = await Task.WhenAll(attempts);
            var winner = Assert.Single(leases, l => l is not null)!;
            Assert.Equal(winner, await Store.GetLeaseAsync(name));
        }
    }

    [StoreFact]
    public async Task Webhooks_are_stored_listed_by_workflow_and_disabled_once()
    {
        var release = await SeedReleaseAsync();
        var all = await AddWebhookAsync(null, "*");
        var support = await AddWebhookAsync("support-agent", "release.decided", "release.approved", "release.decided");
        var billing = await AddWebhookAsync("billing", "release.decided");
        var callback = await WriteAsync(tx => tx.AddWebhookAsync(new NewWebhook("support-agent", release.Id, "https://ci.example/status", ["release.decided"], "commit-status", "k", "bob")));

        Assert.Equal((null, null, "cloudevents", "alice", Time.GetUtcNow()), (all.Workflow, all.ReleaseId, all.Format, all.CreatedBy, all.CreatedAt));
        Assert.Equal(["release.decided", "release.approved", "release.decided"], support.Events);
        Assert.Equal((release.Id, "commit-status"), (callback.ReleaseId, callback.Format));
        Assert.Equal(support, await Store.GetWebhookAsync(support.Id));
        Assert.Equal([all.Id, support.Id, callback.Id], (await Store.ListWebhooksAsync("support-agent")).Select(w => w.Id));
        Assert.Equal([all.Id, support.Id, billing.Id, callback.Id], (await Store.ListWebhooksAsync()).Select(w => w.Id));

        Time.Advance(Minute);
        var disabled = await WriteAsync(tx => tx.DisableWebhookAsync(billing.Id, "carol"));
        Assert.Equal((Time.GetUtcNow(), "carol"), (disabled.DisabledAt, disabled.DisabledBy));
        Time.Advance(Minute);
        Assert.Equal(disabled, await WriteAsync(tx => tx.DisableWebhookAsync(billing.Id, "dana")));
        Assert.Equal([all.Id, support.Id, callback.Id], (await Store.ListWebhooksAsync()).Select(w => w.Id));
        Assert.Equal([all.Id, billing.Id], (await Store.ListWebhooksAsync("billing", includeDisabled: true)).Select(w => w.Id));

        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.DisableWebhookAsync(999, "carol")));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.AddWebhookAsync(new NewWebhook(null, 999, "https://x", ["*"], "slack", "k", "bob"))));
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(tx => tx.AddWebhookAsync(new NewWebhook(null, null, "https://x", [], "slack", "k", "bob"))));
        Assert.Null(await Store.GetWebhookAsync(999));
    }

    [StoreFact]
    public async Task An_event_is_enqueued_once_for_each_active_subscription_that_matches_it()
    {
        var release = await SeedReleaseAsync();
        var other = await SeedReleaseAsync(digest: "sha256:r2");
        var all = await AddWebhookAsync(null, "*");
        var decided = await AddWebhookAsync("support-agent", "release.decided", "release.approved");
        var billing = await AddWebhookAsync("billing", "*");
        var callback = await WriteAsync(tx => tx.AddWebhookAsync(new NewWebhook(null, release.Id, "https://ci.example/status", ["release.decided"], "commit-status", "k", "bob")));
        var off = await AddWebhookAsync(null, "*");
        await WriteAsync(tx => tx.DisableWebhookAsync(off.Id, "carol"));

        // Workflow, release and event type must all match; a release-scoped subscription only gets its release's events.
        Assert.Equal(3, await EnqueueAsync("e1", "release.decided", releaseId: release.Id));
        Assert.Equal(2, await EnqueueAsync("e2", "release.decided", releaseId: other.Id));
        Assert.Equal(2, await EnqueueAsync("e3", "release.decided"));
        Assert.Equal(1, await EnqueueAsync("e4", "waiver.granted", releaseId: release.Id));
        Assert.Equal(2, await EnqueueAsync("e5", "waiver.granted", workflow: "billing"));

        // Enqueued again, nothing new; a test event goes to exactly the subscription named, whatever its events, if it is active.
        Assert.Equal(0, await EnqueueAsync("e1", "release.decided", releaseId: release.Id));
        Assert.Equal(1, await EnqueueAsync("t1", "webhook.test", workflow: "another", only: callback.Id));
        Assert.Equal(0, await EnqueueAsync("t2", "webhook.test", only: off.Id));
        Assert.Equal(0, await EnqueueAsync("t3", "webhook.test", only: 999));

        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], (await Store.ListDeliveriesAsync(all.Id)).Select(d => d.EventId).Reverse());
        Assert.Equal(["e1", "e2", "e3"], (await Store.ListDeliveriesAsync(decided.Id)).Select(d => d.EventId).Reverse());
        Assert.Equal(["e5"], (await Store.ListDeliveriesAsync(billing.Id)).Select(d => d.EventId));
        Assert.Equal(["e1", "t1"], (await Store.ListDeliveriesAsync(callback.Id)).Select(d => d.EventId).Reverse());
        Assert.Empty(await Store.ListDeliveriesAsync(off.Id));

        var first = (await Store.ListDeliveriesAsync(decided.Id)).Last();
        Assert.Equal(
            (decided.Id, "e1", "release.decided", "support-agent", (long?)release.Id, "release:1", """{"id":"e1"}""", DeliveryState.Pending, 0),
            (first.WebhookId, first.EventId, first.Type, first.Workflow, first.ReleaseId, first.Subject, first.PayloadJson, first.State, first.Attempts));
        Assert.Equal((Time.GetUtcNow(), Time.GetUtcNow(), null, null, null, null), (first.CreatedAt, first.NextAttemptAt, first.LastAttemptAt, first.LastStatus, first.LastError, first.DeliveredAt));
        Assert.Equal(first, await Store.GetDeliveryAsync(first.Id));

        // Enqueued in a transaction that rolls back, nothing is delivered.
        await using (var tx = await Store.BeginAsync())
        {
            Assert.Equal(3, await tx.EnqueueWebhookEventAsync(new NewWebhookEvent("e9", "release.decided", "support-agent", release.Id, "release:1", "{}")));
            await tx.RollbackAsync();
        }

        Assert.Equal(11, (await Store.ListDeliveriesAsync()).Count);
        Assert.Equal(11, (await Store.CountDeliveriesAsync())[DeliveryState.Pending]);
    }

    [StoreFact]
    public async Task Deliveries_are_claimed_when_due_recorded_retried_dead_lettered_and_replayed()
    {
        var hook = await AddWebhookAsync(null, "*");
        var off = await AddWebhookAsync(null, "*");
        for (var i = 1; i <= 4; i++)
        {
            await EnqueueAsync("e" + i, "release.decided");
        }

        await WriteAsync(tx => tx.DisableWebhookAsync(off.Id, "carol"));

        // Oldest first, only the active subscription's, at most the limit; a claim hides them until it lapses.
        var claimed = await WriteAsync(tx => tx.ClaimDueDeliveriesAsync(3, Minute));
        Assert.Equal(["e1", "e2", "e3"], claimed.Select(d => d.EventId));
        Assert.All(claimed, d => Assert.Equal((hook.Id, Time.GetUtcNow() + Minute), (d.WebhookId, d.NextAttemptAt)));
        Assert.Equal(["e4"], (await WriteAsync(tx => tx.ClaimDueDeliveriesAsync(10, Minute))).Select(d => d.EventId));
        Assert.Empty(await WriteAsync(tx => tx.ClaimDueDeliveriesAsync(10, Minute)));

        // Delivered; failed and retried later; failed for good.
        Time.Advance(TimeSpan.FromSeconds(5));
        var delivered = await WriteAsync(tx => tx.RecordDeliveryAttemptAsync(claimed[0].Id, new DeliveryAttempt(true, 204, null, null)));
        Assert.Equal((DeliveryState.Delivered, 1, (int?)204, (string?)null, (DateTimeOffset?)Time.GetUtcNow(), (DateTimeOffset?)Time.GetUtcNow()),
            (delivered.State, delivered.Attempts, delivered.LastStatus, delivered.LastError, delivered.LastAttemptAt, delivered.DeliveredAt));
        var retryAt = Time.GetUtcNow() + TimeSpan.FromMinutes(10);
        var retried = await WriteAsync(tx => tx.RecordDeliveryAttemptAsync(claimed[1].Id, new DeliveryAttempt(false, 503, "Service Unavailable", retryAt)));
        Assert.Equal((DeliveryState.Pending, 1, (int?)503, "Service Unavailable", retryAt, (DateTimeOffset?)null),
            (retried.State, retried.Attempts, retried.LastStatus, retried.LastError, retried.NextAttemptAt, retried.DeliveredAt));
        var longError = new string('x', 999) + "\U0001F600" + new string('y', 50);
        var dead = await WriteAsync(tx => tx.RecordDeliveryAttemptAsync(claimed[2].Id, new DeliveryAttempt(false, null, longError, null)));
        Assert.Equal((DeliveryState.Dead, 1, (int?)null), (dead.State, dead.Attempts, dead.LastStatus));
        Assert.Equal(new string('x', 999), dead.LastError);

        // The claim of a deliverer that died lapses: e4 comes due again; e2 when its retry is due; delivered and dead ones never.
        Time.Advance(Minute);
        Assert.Equal(["e4"], (await WriteAsync(tx => tx.ClaimDueDeliveriesAsync(10, Minute))).Select(d => d.EventId));
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(["e2", "e4"], (await WriteAsync(tx => tx.ClaimDueDeliveriesAsync(10, TimeSpan.FromMinutes(5)))).Select(d => d.EventId));

        // A replayed dead letter is pending, due now, with no attempts; a pending one is left as it is.
        Time.Advance(Minute);
        var replayed = await WriteAsync(tx => tx.ReplayDeliveryAsync(dead.Id));
        Assert.Equal((DeliveryState.Pending, 0, Time.GetUtcNow(), dead.LastError), (replayed.State, replayed.Attempts, replayed.NextAttemptAt, replayed.LastError));
        Assert.Equal(replayed, await WriteAsync(tx => tx.ReplayDeliveryAsync(dead.Id)));
        var again = await WriteAsync(tx => tx.ReplayDeliveryAsync(delivered.Id));
        Assert.Equal((DeliveryState.Pending, 0, null), (again.State, again.Attempts, again.DeliveredAt));
        Assert.Equal(["e1", "e3"], (await WriteAsync(tx => tx.ClaimDueDeliveriesAsync(10, Minute))).Select(d => d.EventId));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.ReplayDeliveryAsync(999)));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.RecordDeliveryAttemptAsync(999, new DeliveryAttempt(true, 200, null, null))));

        // Counts for metrics: every state is a key (the disabled subscription's deliveries stay pending).
        await WriteAsync(tx => tx.RecordDeliveryAttemptAsync(claimed[0].Id, new DeliveryAttempt(false, 410, "Gone", null)));
        var counts = await Store.CountDeliveriesAsync();
        Assert.Equal((7L, 0L, 1L), (counts[DeliveryState.Pending], counts[DeliveryState.Delivered], counts[DeliveryState.Dead]));
        Assert.Equal([claimed[0].Id], (await Store.ListDeliveriesAsync(state: DeliveryState.Dead)).Select(d => d.Id));
        Assert.Equal(2, (await Store.ListDeliveriesAsync(limit: 2)).Count);
    }

    [StoreFact]
    public async Task Two_claimers_at_once_get_disjoint_deliveries()
    {
        await AddWebhookAsync(null, "*");
        for (var i = 0; i < 40; i++)
        {
            await EnqueueAsync("e" + i, "release.decided");
        }

        await using var other = await OpenAsync();

        // The first holds its claim uncommitted while the second claims: on PostgreSQL the second skips the held rows; on SQLite it waits.
        IReadOnlyList<WebhookDeliveryRecord> firstClaim;
        Task<IReadOnlyList<WebhookDeliveryRecord>> second;
        await using (var first = await Store.BeginAsync())
        {
            firstClaim = await first.ClaimDueDeliveriesAsync(15, Minute);
            second = Task.Run(() => WriteAsync(tx => tx.ClaimDueDeliveriesAsync(15, Minute), other));
            await Task.Delay(300);
            await first.CommitAsync();
        }

        var secondClaim = await second;
        Assert.Equal(15, firstClaim.Count);
        Assert.Equal(15, secondClaim.Count);
        Assert.Empty(firstClaim.Select(d => d.Id).Intersect(secondClaim.Select(d => d.Id)));

        // Many claimers at once: every due delivery is claimed once.
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => WriteAsync(tx => tx.ClaimDueDeliveriesAsync(3, Minute), i % 2 == 0 ? Store : other))));
        var ids = claims.SelectMany(c => c.Select(d => d.Id)).ToList();
        Assert.Equal(10, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [StoreFact]
    public async Task Webhooks_and_deliveries_are_never_deleted_nor_rewritten()
    {
        var hook = await AddWebhookAsync(null, "*");
        await EnqueueAsync("e1", "release.decided");

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM webhooks"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE webhooks SET url = 'https://evil.example'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM webhook_event_types"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM webhook_deliveries"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE webhook_deliveries SET payload_json = '{}'"));
        Assert.Equal(1, await ExecuteRawAsync("UPDATE webhook_deliveries SET attempts = 3"));
        Assert.Equal(hook, await Store.GetWebhookAsync(hook.Id));

        // Leases are operational rows: an operator may clear one.
        await Store.TryAcquireLeaseAsync("compliance", "node-a", Minute);
        Assert.Equal(1, await ExecuteRawAsync("DELETE FROM scheduler_leases"));
        Assert.Null(await Store.GetLeaseAsync("compliance"));
    }
}
