using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    [StoreFact]
    public async Task A_changed_gate_is_a_new_version_and_the_old_one_stays()
    {
        await using (var tx = await Store.BeginAsync())
        {
            await tx.UpsertWorkflowAsync("triage", "medium");
            await tx.AddGateVersionAsync("triage", "sha256:g1", "v: 1\n", "alice");
            Time.Advance(TimeSpan.FromMinutes(1));
            await tx.AddGateVersionAsync("triage", "sha256:g2", "v: 2\n", "alice");
            await tx.AddGateVersionAsync("triage", "sha256:g2", "ignored: the digest is already stored\n", "carol");
            await tx.CommitAsync();
        }

        var versions = await Store.ListGateVersionsAsync("triage");
        Assert.Equal(["sha256:g1", "sha256:g2"], versions.Select(v => v.Digest));
        Assert.Equal("v: 2\n", versions[1].Yaml);
        Assert.Equal("alice", versions[1].CreatedBy);
        Assert.Equal(Time.GetUtcNow(), versions[1].CreatedAt);
        Assert.Equal("sha256:g2", (await Store.GetWorkflowAsync("triage"))!.CurrentGateDigest);
        Assert.Equal("v: 1\n", (await Store.GetGateVersionAsync("triage", "sha256:g1"))!.Yaml);
    }

    [StoreFact]
    public async Task A_release_reads_back_as_stored_and_a_second_submission_of_its_digest_is_a_duplicate()
    {
        var release = await SeedReleaseAsync();
        Assert.Equal(1, release.RowVersion);
        Assert.Equal(ReleaseState.Pending, release.State);
        Assert.Equal(release, await Store.GetReleaseByDigestAsync("support-agent", "sha256:r1"));
        Assert.Equal([release], await Store.ListReleasesAsync("support-agent", ReleaseState.Pending));
        Assert.Empty(await Store.ListReleasesAsync("support-agent", ReleaseState.Approved));

        await using var tx = await Store.BeginAsync();
        await Assert.ThrowsAsync<DuplicateRecordException>(() =>
            tx.AddReleaseAsync(new NewRelease("support-agent", "again", "sha256:r1", "kind: Release\n", "eve", "sha256:g1")));
    }

    [StoreFact]
    public async Task A_release_of_an_unknown_workflow_is_refused()
    {
        await using var tx = await Store.BeginAsync();
        var error = await Assert.ThrowsAsync<RecordNotFoundException>(() =>
            tx.AddReleaseAsync(new NewRelease("nobody", "1", "sha256:x", "m", "bob", "sha256:g")));
        Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task An_update_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            var updated = await tx.UpdateReleaseAsync(release.Id, 1, new ReleaseUpdate(ReleaseState.Blocked));
            Assert.Equal((ReleaseState.Blocked, 2L), (updated.State, updated.RowVersion));
            await tx.CommitAsync();
        }

        await using (var tx = await Store.BeginAsync())
        {
            var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => tx.UpdateReleaseAsync(release.Id, 1, new ReleaseUpdate(ReleaseState.Approved)));
            Assert.Equal("RG1504", error.Code);
            Assert.Contains("version 1 expected, 2 found", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(ReleaseState.Blocked, (await Store.GetReleaseAsync(release.Id))!.State);
        await using (var tx = await Store.BeginAsync())
        {
            await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.UpdateReleaseAsync(9999, 1, new ReleaseUpdate(ReleaseState.Approved)));
        }
    }

    [StoreFact]
    public async Task The_baseline_is_a_release_of_the_same_workflow()
    {
        var shipped = await SeedReleaseAsync();
        var other = await SeedReleaseAsync("triage", "sha256:t1");
        await using var tx = await Store.BeginAsync();
        await tx.SetBaselineAsync("support-agent", shipped.Id);
        await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.SetBaselineAsync("support-agent", other.Id));
        await tx.CommitAsync();
        Assert.Equal(shipped.Id, (await Store.GetWorkflowAsync("support-agent"))!.BaselineReleaseId);
    }

    [StoreFact]
    public async Task Attachments_are_stored_once_by_digest_and_a_release_name_never_rebinds()
    {
        var release = await SeedReleaseAsync();
        await using var tx = await Store.BeginAsync();
        var stored = await tx.PutAttachmentAsync("sha256:card", "text/markdown", "# Model card"u8.ToArray());
        await tx.PutAttachmentAsync("sha256:card", "text/plain", "ignored"u8.ToArray());
        await tx.PutAttachmentAsync("sha256:other", "text/plain", "x"u8.ToArray());
        await tx.AddReleaseAttachmentAsync(release.Id, "model-card", "sha256:card");
        await tx.AddReleaseAttachmentAsync(release.Id, "model-card", "sha256:card");
        await Assert.ThrowsAsync<DuplicateRecordException>(() => tx.AddReleaseAttachmentAsync(release.Id, "model-card", "sha256:other"));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.AddReleaseAttachmentAsync(release.Id, "report", "sha256:missing"));
        await tx.CommitAsync();

        var read = await Store.GetAttachmentAsync("sha256:card");
        Assert.Equal("text/markdown", read!.MediaType);
        Assert.Equal("# Model card"u8.ToArray(), read.Content.ToArray());
        Assert.Equal(stored.CreatedAt, read.CreatedAt);
        Assert.Equal([new ReleaseAttachmentRecord(release.Id, "model-card", "sha256:card")], await Store.ListReleaseAttachmentsAsync(release.Id));
    }

    [StoreFact]
    public async Task Decisions_are_kept_in_order_with_their_input_digests()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddDecisionAsync(new NewDecision(release.Id, "pending", "sha256:g1", release.Digest, "sha256:e1", null, """{"verdict":"pending"}""", "system"));
            Time.Advance(TimeSpan.FromSeconds(5));
            await tx.AddDecisionAsync(new NewDecision(release.Id, "blocked", "sha256:g1", release.Digest, "sha256:e2", "sha256:base", """{"verdict":"blocked"}""", "system"));
            await tx.CommitAsync();
        }

        var decisions = await Store.ListDecisionsAsync(release.Id);
        Assert.Equal(["pending", "blocked"], decisions.Select(d => d.Verdict));
        var latest = await Store.GetLatestDecisionAsync(release.Id);
        Assert.Equal(decisions[1], latest);
        Assert.Equal(("sha256:e2", "sha256:base", Time.GetUtcNow()), (latest!.EvidenceDigest, latest.BaselineDigest, latest.CreatedAt));
    }

    [StoreFact]
    public async Task One_person_counts_once_per_stage_until_new_evidence_invalidates_the_approval()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddApprovalAsync(new NewApproval(release.Id, "security", "carol", release.Digest, "sha256:e1", "sha256:g1", "sha256:s1", ApprovalVerdict.Approve, "looks fine"));
            await tx.AddApprovalAsync(new NewApproval(release.Id, "product", "carol", release.Digest, "sha256:e1", "sha256:g1", "sha256:s1", ApprovalVerdict.Reject, null));
            await tx.CommitAsync();
        }

        await using (var tx = await Store.BeginAsync())
        {
            await Assert.ThrowsAsync<DuplicateRecordException>(() =>
                tx.AddApprovalAsync(new NewApproval(release.Id, "security", "carol", release.Digest, "sha256:e1", "sha256:g1", "sha256:s1", ApprovalVerdict.Approve, "again")));
        }

        await using (var tx = await Store.BeginAsync())
        {
            Assert.Equal(2, await tx.InvalidateApprovalsAsync(release.Id, "sha256:e2"));
            Assert.Equal(0, await tx.InvalidateApprovalsAsync(release.Id, "sha256:e2"));
            await tx.AddApprovalAsync(new NewApproval(release.Id, "security", "carol", release.Digest, "sha256:e2", "sha256:g1", "sha256:s1", ApprovalVerdict.Approve, "re-checked"));
            await tx.CommitAsync();
        }

        var valid = await Store.ListApprovalsAsync(release.Id);
        Assert.Equal([("security", "sha256:e2", "re-checked")], valid.Select(a => (a.Stage, a.EvidenceDigest, a.Comment)));
        var all = await Store.ListApprovalsAsync(release.Id, includeInvalidated: true);
        Assert.Equal([true, true, false], all.Select(a => a.Invalidated));
        Assert.Equal(ApprovalVerdict.Reject, all[1].Verdict);
    }

    [StoreFact]
    public async Task A_revoked_waiver_keeps_its_row_with_who_when_and_why()
    {
        await SeedReleaseAsync();
        WaiverRecord granted;
        var expires = Time.GetUtcNow().AddDays(14);
        await using (var tx = await Store.BeginAsync())
        {
            granted = await tx.GrantWaiverAsync(new NewWaiver("support-agent", "evals/support-core/slice/billing/*", "2026.11.3", "legal reviewed", "dana", expires));
            await tx.CommitAsync();
        }

        Assert.Equal(expires, granted.Expires);
        Time.Advance(TimeSpan.FromHours(1));
        await using (var tx = await Store.BeginAsync())
        {
            var revoked = await tx.RevokeWaiverAsync(granted.Id, "erin", "copy changed again");
            Assert.Equal(("erin", "copy changed again", Time.GetUtcNow()), (revoked.RevokedBy, revoked.RevokeReason, revoked.RevokedAt));
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => tx.RevokeWaiverAsync(granted.Id, "erin", "twice"));
        }

        await using (var tx = await Store.BeginAsync())
        {
            await tx.RevokeWaiverAsync(granted.Id, "erin", "copy changed again");
            await tx.CommitAsync();
        }

        await using (var tx = await Store.BeginAsync())
        {
            await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.RevokeWaiverAsync(424242, "erin", "none"));
        }

        Assert.Empty(await Store.ListWaiversAsync("support-agent"));
        var kept = Assert.Single(await Store.ListWaiversAsync("support-agent", includeRevoked: true));
        Assert.Equal(("legal reviewed", "dana", "2026.11.3"), (kept.Reason, kept.GrantedBy, kept.Release));
    }

    [StoreFact]
    public async Task Users_groups_and_hashed_tokens()
    {
        var hash = ApiTokenHash.Compute("rg_secret_token_value");
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddUserAsync("carol", "Carol C.");
            await tx.AddUserAsync("dana", "Dana D.");
            await tx.AddGroupAsync("security-team", "Security sign-off");
            await tx.AddGroupAsync("ai-governance", "Governance");
            await tx.AddMembershipAsync("security-team", "carol");
            await tx.AddMembershipAsync("security-team", "carol");
            await tx.AddMembershipAsync("ai-governance", "carol");
            await tx.AddMembershipAsync("security-team", "dana");
            await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.AddMembershipAsync("security-team", "mallory"));
            await Assert.ThrowsAsync<DuplicateRecordException>(() => tx.AddUserAsync("dana", "again"));
        }

        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddUserAsync("carol", "Carol C.");
            await tx.AddUserAsync("dana", "Dana D.");
            await tx.AddGroupAsync("security-team", "Security sign-off");
            await tx.AddMembershipAsync("security-team", "carol");
            await tx.AddMembershipAsync("security-team", "dana");
            Assert.True(await tx.RemoveMembershipAsync("security-team", "dana"));
            Assert.False(await tx.RemoveMembershipAsync("security-team", "dana"));
            var token = await tx.AddApiTokenAsync(new NewApiToken("carol", "laptop", hash, ["approve", "submit"], Time.GetUtcNow().AddDays(30)));
            Assert.Null(token.RevokedAt);
            await tx.CommitAsync();
        }

        Assert.Equal(["carol"], await Store.ListMembersAsync("security-team"));
        Assert.Equal(["security-team"], await Store.ListGroupsOfUserAsync("carol"));
        Assert.Equal("Carol C.", (await Store.GetUserAsync("carol"))!.DisplayName);
        var found = await Store.FindApiTokenAsync(hash);
        Assert.Equal(("carol", "laptop"), (found!.UserName, found.Name));
        Assert.Equal(["approve", "submit"], found.Scopes);
        Assert.Null(await Store.FindApiTokenAsync(ApiTokenHash.Compute("rg_secret_token_valuf")));
        Assert.DoesNotContain("rg_secret", hash, StringComparison.Ordinal);

        await using (var tx = await Store.BeginAsync())
        {
            Assert.Equal(Time.GetUtcNow(), (await tx.RevokeApiTokenAsync(found.Id)).RevokedAt);
            await tx.CommitAsync();
        }

        Assert.NotNull((await Store.FindApiTokenAsync(hash))!.RevokedAt);
    }

    [StoreFact]
    public async Task Tokens_are_listed_by_owner_with_their_times_and_found_by_id()
    {
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddUserAsync("carol", "Carol C.");
            await tx.AddUserAsync("dana", "Dana D.");
            await tx.AddApiTokenAsync(new NewApiToken("carol", "laptop", ApiTokenHash.Compute("rg_a"), ["approve"], null));
            await tx.AddApiTokenAsync(new NewApiToken("dana", "ci", ApiTokenHash.Compute("rg_b"), ["submit"], Time.GetUtcNow().AddDays(1)));
            await tx.AddApiTokenAsync(new NewApiToken("carol", "phone", ApiTokenHash.Compute("rg_c"), ["review"], null));
            await tx.CommitAsync();
        }

        var all = await Store.ListApiTokensAsync();
        Assert.Equal(["laptop", "ci", "phone"], all.Select(t => t.Name));
        Assert.Equal(all.Select(t => t.Id).Order(), all.Select(t => t.Id));
        var carols = await Store.ListApiTokensAsync("carol");
        Assert.Equal(["laptop", "phone"], carols.Select(t => t.Name));
        Assert.Empty(await Store.ListApiTokensAsync("nobody"));

        Time.Advance(TimeSpan.FromMinutes(5));
        await using (var tx = await Store.BeginAsync())
        {
            await tx.RevokeApiTokenAsync(carols[0].Id);
            await tx.CommitAsync();
        }

        var revoked = await Store.GetApiTokenAsync(carols[0].Id);
        Assert.Equal(Time.GetUtcNow(), revoked!.RevokedAt);
        Assert.Equal(Time.GetUtcNow().AddMinutes(-5), revoked.CreatedAt);
        Assert.Equal(ApiTokenHash.Compute("rg_a"), revoked.TokenHash);
        Assert.Null((await Store.GetApiTokenAsync(carols[1].Id))!.RevokedAt);
        Assert.Equal(Time.GetUtcNow().AddMinutes(-5).AddDays(1), (await Store.ListApiTokensAsync("dana")).Single().ExpiresAt);
        Assert.Null(await Store.GetApiTokenAsync(all.Max(t => t.Id) + 1));
        await using (var tx = await Store.BeginAsync())
        {
            await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.RevokeApiTokenAsync(all.Max(t => t.Id) + 1));
        }
    }

    [StoreFact]
    public async Task The_latest_ledger_entry_of_a_subject_moves_with_each_append_in_the_same_transaction()
    {
        Assert.Null(await Store.GetLatestLedgerEntryAsync("identity"));
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("ada", "user.added", "identity", new JsonObject { ["user"] = "carol" }));
            await tx.AppendLedgerAsync(new NewLedgerEntry("ada", "release.submitted", "release:1", new JsonObject()));
            Assert.Equal(1, (await tx.GetLatestLedgerEntryAsync("identity"))!.Seq);

            // Another reader does not see it before the commit.
            Assert.Null(await Store.GetLatestLedgerEntryAsync("identity"));
            await tx.CommitAsync();
        }

        var first = await Store.GetLatestLedgerEntryAsync("identity");
        Assert.Equal((1L, "user.added"), (first!.Seq, first.Type));
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("ada", "token.revoked", "identity", new JsonObject { ["token"] = 1 }));
            await tx.RollbackAsync();
        }

        Assert.Equal(1, (await Store.GetLatestLedgerEntryAsync("identity"))!.Seq);
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("ada", "token.revoked", "identity", new JsonObject { ["token"] = 1 }));
            await tx.CommitAsync();
        }

        var latest = await Store.GetLatestLedgerEntryAsync("identity");
        Assert.Equal((3L, "token.revoked"), (latest!.Seq, latest.Type));
        Assert.Equal(2, (await Store.GetLatestLedgerEntryAsync("release:1"))!.Seq);
    }
}
