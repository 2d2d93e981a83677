using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>Compliance runs, findings and escalations (migration 0005).</summary>
public abstract partial class GateStoreContract
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private Task<ComplianceRunRecord?> StartRunAsync(DateTimeOffset scheduledFor, string trigger = "schedule", string instance = "node-a", IGateStore? store = null) =>
        WriteAsync(tx => tx.StartComplianceRunAsync(new NewComplianceRun("support-agent", scheduledFor, trigger, instance, "scheduler")), store);

    private static NewFinding Finding(long releaseId, long runId, string policy = "no-pii-tools") =>
        new("support-agent", releaseId, policy, "sha256:rule1", "high", "team-security", "tool 'export_csv' is not allowed", runId);

    [StoreFact]
    public async Task A_scheduled_run_starts_once_per_workflow_and_time_and_manual_runs_never_collide()
    {
        await SeedReleaseAsync();
        var run = (await StartRunAsync(Nine))!;
        Assert.Equal(("support-agent", Nine, "schedule", "node-a", "scheduler", Time.GetUtcNow(), (DateTimeOffset?)null, 0, null),
            (run.Workflow, run.ScheduledFor, run.Trigger, run.Instance, run.Actor, run.StartedAt, run.EndedAt, run.Opened, run.Error));

        // The same scheduled time again: nothing, and the transaction goes on.
        ComplianceRunRecord next;
        await using (var tx = await Store.BeginAsync())
        {
            Assert.Null(await tx.StartComplianceRunAsync(new NewComplianceRun("support-agent", Nine, "schedule", "node-b", "scheduler")));
            next = (await tx.StartComplianceRunAsync(new NewComplianceRun("support-agent", Nine.AddHours(1), "schedule", "node-b", "scheduler")))!;
            await tx.CommitAsync();
        }

        var manual = (await StartRunAsync(Nine, "manual", "node-b"))!;
        var manualAgain = (await StartRunAsync(Nine, "manual", "node-b"))!;

        Time.Advance(Minute);
        var finished = await WriteAsync(tx => tx.FinishComplianceRunAsync(run.Id, new ComplianceRunTotals(3, 4, 2, 1, 1, null)));
        Assert.Equal((Time.GetUtcNow(), 3, 4, 2, 1, 1, (string?)null), (finished.EndedAt!.Value, finished.Releases, finished.Policies, finished.Violations, finished.Opened, finished.Resolved, finished.Error));
        Assert.Equal(run.StartedAt, finished.StartedAt);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => WriteAsync(tx => tx.FinishComplianceRunAsync(run.Id, new ComplianceRunTotals(0, 0, 0, 0, 0, "again"))));
        var failed = await WriteAsync(tx => tx.FinishComplianceRunAsync(manual.Id, new ComplianceRunTotals(0, 0, 0, 0, 0, "policy engine unavailable")));
        Assert.Equal("policy engine unavailable", failed.Error);
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.FinishComplianceRunAsync(999, new ComplianceRunTotals(0, 0, 0, 0, 0, null))));

        // Latest by scheduled time, then id; newest first by id.
        Assert.Equal(Nine.AddHours(1), (await Store.GetLatestComplianceRunAsync("support-agent"))!.ScheduledFor);
        Assert.Equal(manualAgain.Id, (await Store.GetLatestComplianceRunAsync("support-agent", "manual"))!.Id);
        Assert.Null(await Store.GetLatestComplianceRunAsync("billing"));
        Assert.Equal([manualAgain.Id, manual.Id, next.Id, run.Id], (await Store.ListComplianceRunsAsync("support-agent")).Select(r => r.Id));
        Assert.Equal(2, (await Store.ListComplianceRunsAsync(limit: 2)).Count);
        Assert.Equal(finished, await Store.GetComplianceRunAsync(run.Id));
        Assert.Empty(await Store.ListComplianceRunsAsync("billing"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => StartRunAsync(Nine, "cron"));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.StartComplianceRunAsync(new NewComplianceRun("nope", Nine, "manual", "node-a", "carol"))));
    }

    [StoreFact]
    public async Task Two_instances_starting_one_scheduled_run_at_once_start_it_once()
    {
        await SeedReleaseAsync();
        await using var other = await OpenAsync();

        // The first holds its uncommitted run while the second starts the same one: the second waits, then gets nothing.
        ComplianceRunRecord? won;
        Task<ComplianceRunRecord?> second;
        await using (var first = await Store.BeginAsync())
        {
            won = await first.StartComplianceRunAsync(new NewComplianceRun("support-agent", Nine, "schedule", "node-a", "scheduler"));
            second = Task.Run(() => StartRunAsync(Nine, instance: "node-b", store: other));
            await Task.Delay(300);
            await first.CommitAsync();
        }

        Assert.NotNull(won);
        Assert.Null(await second);

        // Many instances at once, each time once.
        var starts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => StartRunAsync(Nine.AddHours(1).AddMinutes(i / 4), instance: "node-" + i, store: i % 2 == 0 ? Store : other))));
        Assert.Equal(4, starts.Count(s => s is not null));
        Assert.Equal(5, (await Store.ListComplianceRunsAsync()).Count);
    }

    [StoreFact]
    public async Task Findings_move_from_open_to_acknowledged_to_resolved_with_one_unresolved_per_release_and_policy()
    {
        var release = await SeedReleaseAsync();
        var other = await SeedReleaseAsync(digest: "sha256:r2");
        var run = (await StartRunAsync(Nine))!;

        var opened = await WriteAsync(tx => tx.OpenFindingAsync(Finding(release.Id, run.Id)));
        Assert.Equal((FindingState.Open, run.Id, Time.GetUtcNow(), 1L, "team-security", "sha256:rule1"),
            (opened.State, opened.OpenedRun, opened.OpenedAt, opened.RowVersion, opened.Owner, opened.RuleDigest));
        Assert.Equal((null, null, null, null), (opened.AcknowledgedBy, opened.ResolvedBy, opened.Resolution, opened.ResolvedRun));

        // One unresolved finding per release and policy; the transaction stays usable after the refusal.
        await using (var tx = await Store.BeginAsync())
        {
            var taken = await Assert.ThrowsAsync<DuplicateRecordException>(() => tx.OpenFindingAsync(Finding(release.Id, run.Id)));
            Assert.Contains($"(finding {opened.Id})", taken.Message, StringComparison.Ordinal);
            await tx.OpenFindingAsync(Finding(release.Id, run.Id, policy: "cost-cap"));
            await tx.OpenFindingAsync(Finding(other.Id, run.Id));
            await tx.CommitAsync();
        }

        Time.Advance(Minute);
        var acked = await WriteAsync(tx => tx.AcknowledgeFindingAsync(opened.Id, "carol", "fix in 2026.12.1", opened.RowVersion));
        Assert.Equal((FindingState.Acknowledged, "carol", (DateTimeOffset?)Time.GetUtcNow(), "fix in 2026.12.1", 2L),
            (acked.State, acked.AcknowledgedBy, acked.AcknowledgedAt, acked.AckNote, acked.RowVersion));
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => WriteAsync(tx => tx.ResolveFindingAsync(opened.Id, "dana", "fixed", null, opened.RowVersion)));
        Assert.Contains("version 1 expected, 2 found", stale.Message, StringComparison.Ordinal);
        var twice = await Assert.ThrowsAsync<FindingStateException>(() => WriteAsync(tx => tx.AcknowledgeFindingAsync(opened.Id, "dana", "mine", null)));
        Assert.Equal("RG1514", twice.Code);
        Assert.Contains($"finding {opened.Id} is acknowledged", twice.Message, StringComparison.Ordinal);

        Time.Advance(Minute);
        var later = (await StartRunAsync(Nine.AddHours(1)))!;
        var resolved = await WriteAsync(tx => tx.ResolveFindingAsync(opened.Id, "scheduler", "no longer violating", later.Id, acked.RowVersion));
        Assert.Equal((FindingState.Resolved, "scheduler", (DateTimeOffset?)Time.GetUtcNow(), "no longer violating", (long?)later.Id, 3L),
            (resolved.State, resolved.ResolvedBy, resolved.ResolvedAt, resolved.Resolution, resolved.ResolvedRun, resolved.RowVersion));
        Assert.Equal(("carol", opened.OpenedAt, opened.Message), (resolved.AcknowledgedBy, resolved.OpenedAt, resolved.Message));
        var again = await Assert.ThrowsAsync<FindingStateException>(() => WriteAsync(tx => tx.ResolveFindingAsync(opened.Id, "dana", "fixed", null, null)));
        Assert.Contains("already resolved by 'scheduler'", again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FindingStateException>(() => WriteAsync(tx => tx.AcknowledgeFindingAsync(opened.Id, "dana", "mine", null)));

        // Resolved, the policy can be found again on the release: a new finding. An open one resolves straight away.
        var reopened = await WriteAsync(tx => tx.OpenFindingAsync(Finding(release.Id, later.Id)));
        Assert.NotEqual(opened.Id, reopened.Id);
        var direct = await WriteAsync(tx => tx.ResolveFindingAsync(reopened.Id, "carol", "accepted risk", null, null));
        Assert.Equal((FindingState.Resolved, (long?)null, (string?)null), (direct.State, direct.ResolvedRun, direct.AcknowledgedBy));

        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.AcknowledgeFindingAsync(999, "dana", "x", null)));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.ResolveFindingAsync(999, "dana", "x", null, null)));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.OpenFindingAsync(Finding(999, run.Id))));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.OpenFindingAsync(Finding(release.Id, 999, policy: "other"))));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.OpenFindingAsync(Finding(release.Id, run.Id, policy: "other") with { Workflow = "billing" })));

        // Listing: newest first, by workflow, states and release.
        var all = await Store.ListFindingsAsync("support-agent");
        Assert.Equal(4, all.Count);
        Assert.Equal(all.Select(f => f.Id).OrderDescending(), all.Select(f => f.Id));
        Assert.Equal(2, (await Store.ListFindingsAsync(states: [FindingState.Open])).Count);
        Assert.Equal(2, (await Store.ListFindingsAsync(states: [FindingState.Resolved, FindingState.Acknowledged])).Count);
        Assert.Equal(4, (await Store.ListFindingsAsync(states: [])).Count);
        Assert.Equal(3, (await Store.ListFindingsAsync(releaseId: release.Id)).Count);
        Assert.Equal([other.Id], (await Store.ListFindingsAsync(states: [FindingState.Open], releaseId: other.Id)).Select(f => f.ReleaseId));
        Assert.Single(await Store.ListFindingsAsync(limit: 1));
        Assert.Empty(await Store.ListFindingsAsync("billing"));
        Assert.Equal(resolved, await Store.GetFindingAsync(opened.Id));
        Assert.Null(await Store.GetFindingAsync(999));
    }

    [StoreFact]
    public async Task Two_runs_opening_one_finding_at_once_open_it_once()
    {
        var release = await SeedReleaseAsync();
        var run = (await StartRunAsync(Nine))!;
        await using var other = await OpenAsync();

        Task<FindingRecord> second;
        await using (var first = await Store.BeginAsync())
        {
            await first.OpenFindingAsync(Finding(release.Id, run.Id));
            second = Task.Run(() => WriteAsync(tx => tx.OpenFindingAsync(Finding(release.Id, run.Id)), other));
            await Task.Delay(300);
            await first.CommitAsync();
        }

        await Assert.ThrowsAsync<DuplicateRecordException>(() => second);
        Assert.Single(await Store.ListFindingsAsync());
    }

    [StoreFact]
    public async Task Each_escalation_level_is_recorded_once()
    {
        var release = await SeedReleaseAsync();
        var since = Time.GetUtcNow().AddHours(-49);
        var first = await WriteAsync(tx => tx.AddEscalationAsync(new NewEscalation(release.Id, "stage", "security", "cto-office", 1, since, "waited 48h")));
        Assert.Equal((release.Id, "stage", "security", "cto-office", 1, since, Time.GetUtcNow(), "waited 48h"),
            (first!.ReleaseId, first.Kind, first.Target, first.ToGroup, first.Level, first.WaitingSince, first.EscalatedAt, first.Reason));

        await using (var tx = await Store.BeginAsync())
        {
            Assert.Null(await tx.AddEscalationAsync(new NewEscalation(release.Id, "stage", "security", "ceo-office", 1, since, "again")));
            Assert.NotNull(await tx.AddEscalationAsync(new NewEscalation(release.Id, "stage", "security", "ceo-office", 2, since, "waited 96h")));
            Assert.NotNull(await tx.AddEscalationAsync(new NewEscalation(release.Id, "review_item", "7", "seniors", 1, since, "waited 24h")));
            await tx.CommitAsync();
        }

        Assert.Equal([("security", 1), ("security", 2), ("7", 1)], (await Store.ListEscalationsAsync(release.Id)).Select(e => (e.Target, e.Level)));
        Assert.Equal(first, (await Store.ListEscalationsAsync(release.Id))[0]);
        Assert.Empty(await Store.ListEscalationsAsync(999));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WriteAsync(tx => tx.AddEscalationAsync(new NewEscalation(release.Id, "release", "x", "g", 1, since, "r"))));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => WriteAsync(tx => tx.AddEscalationAsync(new NewEscalation(999, "stage", "x", "g", 1, since, "r"))));
    }

    [StoreFact]
    public async Task Runs_findings_and_escalations_are_never_deleted_and_what_was_found_never_changes()
    {
        var release = await SeedReleaseAsync();
        var run = (await StartRunAsync(Nine))!;
        await WriteAsync(tx => tx.OpenFindingAsync(Finding(release.Id, run.Id)));
        await WriteAsync(tx => tx.AddEscalationAsync(new NewEscalation(release.Id, "stage", "security", "cto-office", 1, Nine, "waited")));

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM compliance_runs"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE compliance_runs SET instance = 'node-z'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM findings"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE findings SET severity = 'low'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE findings SET message = 'nothing to see'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE findings SET owner = 'nobody'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM escalations"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE escalations SET to_group = 'nobody'"));
        Assert.Equal(1, await ExecuteRawAsync("UPDATE findings SET state = 'resolved', row_version = 2"));
        Assert.Equal(1, await ExecuteRawAsync("UPDATE compliance_runs SET error = 'stopped'"));
        Assert.Single(await Store.ListEscalationsAsync(release.Id));
    }
}
