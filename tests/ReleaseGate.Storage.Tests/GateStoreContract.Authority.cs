using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    [StoreFact]
    public async Task A_version_names_one_release_within_its_workflow()
    {
        var first = await SeedReleaseAsync();
        await SeedReleaseAsync("triage", "sha256:t1");
        await using (var tx = await Store.BeginAsync())
        {
            var error = await Assert.ThrowsAsync<DuplicateRecordException>(() =>
                tx.AddReleaseAsync(new NewRelease("support-agent", first.Version, "sha256:other", "kind: Release\n", "eve", "sha256:g1")));
            Assert.Contains($"version '{first.Version}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(first.Digest, error.Message, StringComparison.Ordinal);
        }

        // Another workflow may use the same version.
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddReleaseAsync(new NewRelease("triage", first.Version, "sha256:t2", "kind: Release\n", "eve", "sha256:g1"));
            await tx.CommitAsync();
        }

        Assert.Equal(first, await Store.GetReleaseByVersionAsync("support-agent", first.Version));
        Assert.Equal("sha256:t2", (await Store.GetReleaseByVersionAsync("triage", first.Version))!.Digest);
        Assert.Null(await Store.GetReleaseByVersionAsync("support-agent", "9.9.9"));
    }

    [StoreFact]
    public async Task Two_submissions_of_one_version_at_once_store_one_release()
    {
        await SeedReleaseAsync();
        async Task<bool> SubmitAsync(string digest)
        {
            await using var other = await OpenAsync();
            try
            {
                await using var tx = await other.BeginAsync();
                await tx.AddReleaseAsync(new NewRelease("support-agent", "7.0.0", digest, "kind: Release\n", "eve", "sha256:g1"));
                await tx.CommitAsync();
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }

        var stored = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => SubmitAsync($"sha256:v{i}"))));
        Assert.Equal(1, stored.Count(s => s));
        Assert.NotNull(await Store.GetReleaseByVersionAsync("support-agent", "7.0.0"));
    }

    [StoreFact]
    public async Task An_approval_keeps_the_gate_and_stage_digests_and_named_approvals_are_invalidated()
    {
        var release = await SeedReleaseAsync();
        ApprovalRecord security, product;
        await using (var tx = await Store.BeginAsync())
        {
            security = await tx.AddApprovalAsync(new NewApproval(release.Id, "security", "carol", release.Digest, "sha256:e1", "sha256:g1", "sha256:s-sec", ApprovalVerdict.Approve, "ok"));
            product = await tx.AddApprovalAsync(new NewApproval(release.Id, "product", "dave", release.Digest, "sha256:e1", "sha256:g1", "sha256:s-prod", ApprovalVerdict.Approve, "ok"));
            await tx.CommitAsync();
        }

        Assert.Equal(("sha256:g1", "sha256:s-sec"), (security.GateDigest, security.StageDigest));
        await using (var tx = await Store.BeginAsync())
        {
            Assert.Equal(1, await tx.InvalidateApprovalsAsync(release.Id, [security.Id]));
            Assert.Equal(0, await tx.InvalidateApprovalsAsync(release.Id, [security.Id]));
            Assert.Equal(0, await tx.InvalidateApprovalsAsync(release.Id + 1, [product.Id]));
            await tx.CommitAsync();
        }

        var all = await Store.ListApprovalsAsync(release.Id, includeInvalidated: true);
        Assert.Equal([(security.Id, true), (product.Id, false)], all.Select(a => (a.Id, a.Invalidated)));
        Assert.Equal(("sha256:g1", "sha256:s-prod"), (all[1].GateDigest, all[1].StageDigest));
    }

    [StoreFact]
    public async Task The_database_clock_is_shared_and_a_skewed_local_clock_does_not_move_it()
    {
        var behind = new SkewedClock(TimeSpan.FromDays(-20));
        await using var skewed = await GateStore.OpenAsync(new GateStoreOptions { Database = Database, TimeProvider = behind });
        var real = DateTimeOffset.UtcNow;
        var now = skewed.Clock.GetUtcNow();
        if (skewed.Kind == StoreKind.Postgres)
        {
            // The database's clock (on this machine, the real one), not the instance's wall clock 20 days behind.
            Assert.InRange(now - real, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
            await using var tx = await skewed.BeginAsync();
            await tx.UpsertWorkflowAsync("clocked", "low");
            Assert.InRange((await tx.GetWorkflowAsync("clocked"))!.CreatedAt - real, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
        }
        else
        {
            // One file on one machine: the local clock is the shared one.
            Assert.InRange(now - behind.GetUtcNow(), TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
        }
    }

    [StoreFact]
    public async Task The_state_the_ledger_implies_verifies_and_each_forged_row_is_named()
    {
        var (release, approval, waiver) = await SeedStateAsync();
        var clean = await Store.VerifyStateAsync();
        Assert.True(clean.IsConsistent, string.Join("; ", clean.Breaks));
        Assert.Equal(4, clean.RowsChecked);
        Assert.Equal(4, clean.EntriesRead);

        // An approval written straight into the table, a release state changed, a waiver forged.
        await ExecuteRawAsync("INSERT INTO approvals (release_id, stage, actor, release_digest, evidence_digest, verdict, comment, created_at) " +
            $"VALUES ({release.Id}, 'security', 'mallory', '{release.Digest}', 'sha256:e1', 'approve', 'trust me', '2026-11-26T09:30:00.000000Z')");
        await ExecuteRawAsync($"UPDATE releases SET state = 'approved' WHERE id = {release.Id}");
        await ExecuteRawAsync("INSERT INTO waivers (workflow, check_pattern, release_ref, reason, granted_by, granted_at, expires_at) " +
            "VALUES ('support-agent', '*', NULL, 'everything', 'mallory', '2026-11-26T09:30:00.000000Z', '2027-11-26T09:30:00.000000Z')");

        var forged = await Store.VerifyStateAsync();
        Assert.False(forged.IsConsistent);
        Assert.Equal(3, forged.BreakCount);
        Assert.Contains(forged.Breaks, b => b.Table == "approvals" && b.Id > approval.Id && b.Detail.Contains("mallory", StringComparison.Ordinal));
        Assert.Contains(forged.Breaks, b => b.Table == "releases" && b.Id == release.Id && b.Detail.Contains("state is 'approved' in the table, but the ledger implies 'pending'", StringComparison.Ordinal));
        Assert.Contains(forged.Breaks, b => b.Table == "waivers" && b.Id > waiver.Id);

        // The chain itself is intact: only the state check sees these.
        Assert.True((await Store.VerifyLedgerAsync()).IsIntact);
    }

    [StoreFact]
    public async Task A_changed_approval_and_a_vanished_row_are_named()
    {
        var (release, approval, _) = await SeedStateAsync();
        await ExecuteRawAsync($"UPDATE approvals SET stage = 'governance' WHERE id = {approval.Id}");
        await DropTriggerAsync("waivers", "waivers_no_delete");
        await ExecuteRawAsync("DELETE FROM waivers");

        var result = await Store.VerifyStateAsync();
        Assert.Equal(2, result.BreakCount);
        Assert.Contains(result.Breaks, b => b.Table == "approvals" && b.Id == approval.Id && b.Detail.Contains("stage is 'governance'", StringComparison.Ordinal));
        Assert.Contains(result.Breaks, b => b.Table == "waivers" && b.Detail.Contains("but the table has no such row", StringComparison.Ordinal));
        Assert.NotNull(await Store.GetReleaseAsync(release.Id));
    }

    /// <summary>A release, its decision, an approval and a waiver, each with the ledger entry the server writes for it (LedgerEvents).</summary>
    protected async Task<(ReleaseRecord Release, ApprovalRecord Approval, WaiverRecord Waiver)> SeedStateAsync()
    {
        await using var tx = await Store.BeginAsync();
        await tx.UpsertWorkflowAsync("support-agent", "high");
        await tx.AddGateVersionAsync("support-agent", "sha256:g1", "apiVersion: releasegate/v1\nkind: Gate\n", "alice");
        var release = await tx.AddReleaseAsync(new NewRelease("support-agent", "3.0.0", "sha256:r3", "kind: Release\n", "bob", "sha256:g1"));
        var subject = $"release/support-agent/{release.Id}";
        await tx.AppendLedgerAsync(new NewLedgerEntry("bob", LedgerEvents.ReleaseSubmitted, subject,
            new JsonObject { ["version"] = "3.0.0", ["release"] = "sha256:r3", ["gate"] = "sha256:g1" }));
        const string json = "{\"verdict\":\"pending\"}";
        await tx.AddDecisionAsync(new NewDecision(release.Id, "pending", "sha256:g1", "sha256:r3", "sha256:e1", null, json, "bob"));
        await tx.AppendLedgerAsync(new NewLedgerEntry("bob", LedgerEvents.DecisionChanged, subject, new JsonObject
        {
            ["verdict"] = "pending", ["previous"] = null, ["reason"] = "submitted", ["gate"] = "sha256:g1", ["release"] = "sha256:r3", ["evidence"] = "sha256:e1",
            ["baseline"] = null, ["decision"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
        }));
        var approval = await tx.AddApprovalAsync(new NewApproval(release.Id, "security", "carol", "sha256:r3", "sha256:e1", "sha256:g1", "sha256:s1", ApprovalVerdict.Approve, "ok"));
        await tx.AppendLedgerAsync(new NewLedgerEntry("carol", LedgerEvents.ApprovalGiven, subject, new JsonObject
        {
            ["approval"] = approval.Id, ["stage"] = "security", ["release"] = "sha256:r3", ["evidence"] = "sha256:e1", ["gate"] = "sha256:g1",
            ["stage_definition"] = "sha256:s1", ["comment"] = "ok",
        }));
        var waiver = await tx.GrantWaiverAsync(new NewWaiver("support-agent", "evals/x/*", "sha256:r3", "known", "dana", Time.GetUtcNow().AddDays(3)));
        await tx.AppendLedgerAsync(new NewLedgerEntry("dana", LedgerEvents.WaiverGranted, "workflow/support-agent", new JsonObject
        {
            ["waiver"] = waiver.Id, ["check"] = "evals/x/*", ["release"] = "sha256:r3", ["reason"] = "known", ["expires_at"] = LedgerHash.FormatTime(waiver.Expires),
        }));
        await tx.CommitAsync();
        return (release, approval, waiver);
    }

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }
}
