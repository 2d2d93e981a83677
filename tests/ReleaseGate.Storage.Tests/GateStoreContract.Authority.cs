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

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }
}
