using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    private static readonly string[] Experts = ["experts"];

    private static NewReviewItem Item(string caseId, int needed = 2, string group = "experts", string review = "quality") =>
        new(review, "support-core", caseId, "failure", group, "leads", needed);

    /// <summary>Stores items for a release (submitted by bob) on evidence <paramref name="evidence"/>; returns them by id.</summary>
    private async Task<IReadOnlyList<ReviewItemRecord>> SeedItemsAsync(ReleaseRecord release, string evidence, params NewReviewItem[] items)
    {
        await using var tx = await Store.BeginAsync();
        await tx.AddReviewItemsAsync(release.Id, evidence, items);
        await tx.CommitAsync();
        return await Store.ListReviewItemsAsync(release.Id);
    }

    private async Task<ReviewLease?> NextAsync(string reviewer, IReadOnlyCollection<string>? groups = null, string? workflow = null, IGateStore? store = null)
    {
        await using var tx = await (store ?? Store).BeginAsync();
        var lease = await tx.NextReviewItemAsync(reviewer, groups ?? Experts, HalfHour, workflow);
        await tx.CommitAsync();
        return lease;
    }

    private async Task<ReviewVerdictRecord> VerdictAsync(long itemId, string reviewer, bool pass = true, bool adjudication = false, IGateStore? store = null)
    {
        await using var tx = await (store ?? Store).BeginAsync();
        var verdict = await tx.AddReviewVerdictAsync(new NewReviewVerdict(itemId, reviewer, pass, pass ? null : "high", "looked at it", AddToBank: !pass, adjudication));
        await tx.CommitAsync();
        return verdict;
    }

    private async Task SetStateAsync(long itemId, ReviewItemStatus state)
    {
        await using var tx = await Store.BeginAsync();
        await tx.SetReviewItemStateAsync(itemId, state);
        await tx.CommitAsync();
    }

    [StoreFact]
    public async Task Review_items_are_stored_once_per_evidence_and_voided_when_the_evidence_is_replaced()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            Assert.Equal(2, await tx.AddReviewItemsAsync(release.Id, "sha256:e1", [Item("c1"), Item("c2", needed: 3)]));
            Assert.Equal(1, await tx.AddReviewItemsAsync(release.Id, "sha256:e1", [Item("c1"), Item("c3")]));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tx.AddReviewItemsAsync(release.Id, "sha256:e1", [Item("c4", needed: 0)]));
            await tx.CommitAsync();
        }

        await using (var tx = await Store.BeginAsync())
        {
            await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.AddReviewItemsAsync(9999, "sha256:e1", [Item("c1")]));
        }

        var items = await Store.ListReviewItemsAsync(release.Id);
        Assert.Equal(["c1", "c2", "c3"], items.Select(i => i.Case));
        var c2 = items[1];
        Assert.Equal(
            new ReviewItemRecord(c2.Id, release.Id, "support-agent", "quality", "support-core", "c2", "failure", "experts", "leads", 3, "sha256:e1",
                ReviewItemStatus.Open, Time.GetUtcNow(), Time.GetUtcNow()),
            c2);
        Assert.Equal(c2, await Store.GetReviewItemAsync(c2.Id));
        Assert.Null(await Store.GetReviewItemAsync(9999));
        Assert.Equal(items.Select(i => i.Id), (await Store.ListOpenReviewItemsAsync(null, null, 10)).Select(i => i.Id));

        // carol holds c1 when new evidence arrives: the old items are void, her lease goes with them, and the new sample is open.
        Assert.Equal(items[0].Id, (await NextAsync("carol"))!.Item.Id);
        await VerdictAsync(items[1].Id, "dana");
        await SetStateAsync(items[2].Id, ReviewItemStatus.Settled);
        Time.Advance(TimeSpan.FromMinutes(1));
        await using (var tx = await Store.BeginAsync())
        {
            Assert.Equal(1, await tx.AddReviewItemsAsync(release.Id, "sha256:e2", [Item("c1")]));
            Assert.Equal(3, await tx.VoidReviewItemsAsync(release.Id, "sha256:e2"));
            Assert.Equal(0, await tx.VoidReviewItemsAsync(release.Id, "sha256:e2"));
            await tx.CommitAsync();
        }

        var kept = Assert.Single(await Store.ListReviewItemsAsync(release.Id));
        Assert.Equal(("c1", "sha256:e2", ReviewItemStatus.Open), (kept.Case, kept.EvidenceDigest, kept.State));
        var all = await Store.ListReviewItemsAsync(release.Id, includeVoid: true);
        Assert.Equal(4, all.Count);
        Assert.All(all.Take(3), i => Assert.Equal((ReviewItemStatus.Void, Time.GetUtcNow()), (i.State, i.UpdatedAt)));
        Assert.Equal([kept.Id], (await Store.ListOpenReviewItemsAsync(null, null, 10)).Select(i => i.Id));
        Assert.Equal(kept.Id, (await NextAsync("carol"))!.Item.Id);
        Assert.Equal(["dana"], (await Store.ListReviewVerdictsAsync(release.Id)).Select(v => v.Reviewer));
    }

    [StoreFact]
    public async Task The_queue_hands_out_the_oldest_item_of_the_reviewers_groups_and_the_held_one_again_with_its_lease_extended()
    {
        var release = await SeedReleaseAsync();
        var items = await SeedItemsAsync(release, "sha256:e1", Item("c1", group: "others"), Item("c2"), Item("c3"));

        var first = (await NextAsync("carol"))!;
        Assert.Equal((items[1], "carol", Time.GetUtcNow() + HalfHour, false), (first.Item, first.Reviewer, first.ExpiresAt, first.Adjudication));
        Time.Advance(TimeSpan.FromMinutes(10));
        var again = (await NextAsync("carol"))!;
        Assert.Equal((items[1].Id, Time.GetUtcNow() + HalfHour), (again.Item.Id, again.ExpiresAt));
        Assert.Equal(items[1].Id, (await NextAsync("carol", ["others", "experts"]))!.Item.Id);
        Assert.Equal(items[0].Id, (await NextAsync("dana", ["experts", "others"]))!.Item.Id);
        Assert.Null(await NextAsync("erin", ["nobody"]));
        Assert.Null(await NextAsync("erin", []));
        Assert.Null(await NextAsync("erin", Experts, workflow: "triage"));
        Assert.Equal(items[1].Id, (await NextAsync("erin", Experts, workflow: "support-agent"))!.Item.Id);

        await using (var tx = await Store.BeginAsync())
        {
            Assert.True(await tx.ReleaseReviewLeaseAsync(items[1].Id, "carol"));
            Assert.False(await tx.ReleaseReviewLeaseAsync(items[1].Id, "carol"));
            Assert.False(await tx.ReleaseReviewLeaseAsync(9999, "carol"));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tx.NextReviewItemAsync("carol", Experts, TimeSpan.Zero, null));
            await tx.CommitAsync();
        }

        // Given back, c2 is carol's again only as the oldest she may take, under a new lease.
        var taken = (await NextAsync("carol"))!;
        Assert.Equal((items[1].Id, Time.GetUtcNow() + HalfHour), (taken.Item.Id, taken.ExpiresAt));
    }

    [StoreFact]
    public async Task The_queue_never_hands_a_release_to_its_submitter_nor_an_item_to_a_reviewer_who_judged_it()
    {
        var release = await SeedReleaseAsync();
        var items = await SeedItemsAsync(release, "sha256:e1", Item("c1"), Item("c2"));
        Assert.Equal("bob", release.Submitter);
        Assert.Null(await NextAsync("bob"));

        await VerdictAsync(items[0].Id, "carol");
        Assert.Equal(items[1].Id, (await NextAsync("carol"))!.Item.Id);
        await VerdictAsync(items[1].Id, "carol", pass: false);
        Assert.Null(await NextAsync("carol"));
        Assert.Equal(items[0].Id, (await NextAsync("dana"))!.Item.Id);

        var verdicts = await Store.ListReviewVerdictsAsync(release.Id);
        Assert.Equal([("carol", true, (string?)null, false), ("carol", false, "high", true)], verdicts.Select(v => (v.Reviewer, v.Pass, v.Severity, v.AddToBank)));
        Assert.All(verdicts, v => Assert.Equal((release.Id, "sha256:e1", false, "looked at it", Time.GetUtcNow()), (v.ReleaseId, v.EvidenceDigest, v.Adjudication, v.Comment, v.CreatedAt)));
        Assert.Equal([verdicts[1]], await Store.ListReviewVerdictsOfItemAsync(items[1].Id));
    }

    [StoreFact]
    public async Task An_item_is_leased_to_at_most_k_reviewers_and_takes_at_most_k_verdicts()
    {
        var release = await SeedReleaseAsync();
        var items = await SeedItemsAsync(release, "sha256:e1", Item("c1", needed: 2), Item("c2", needed: 1));

        Assert.Equal(items[0].Id, (await NextAsync("carol"))!.Item.Id);
        Assert.Equal(items[0].Id, (await NextAsync("dana"))!.Item.Id);
        Assert.Equal(items[1].Id, (await NextAsync("erin"))!.Item.Id);
        Assert.Null(await NextAsync("frank"));

        // A verdict without a lease is refused while the item's places are held by others' live leases, and so is one past k.
        var full = await Assert.ThrowsAsync<ReviewPlaceTakenException>(() => VerdictAsync(items[0].Id, "frank"));
        Assert.Contains("already has its 2 reviewers", full.Message, StringComparison.Ordinal);
        await VerdictAsync(items[0].Id, "carol");
        await VerdictAsync(items[0].Id, "dana");
        Assert.Null(await NextAsync("frank"));
        await Assert.ThrowsAsync<ReviewPlaceTakenException>(() => VerdictAsync(items[0].Id, "frank"));
        Assert.Equal(["carol", "dana"], (await Store.ListReviewVerdictsOfItemAsync(items[0].Id)).Select(v => v.Reviewer));
    }

    [StoreFact]
    public async Task The_queue_finds_the_oldest_item_behind_windows_of_full_ones()
    {
        var release = await SeedReleaseAsync();
        var items = await SeedItemsAsync(release, "sha256:e1", [.. Enumerable.Range(0, 150).Select(i => Item($"c{i:D3}", needed: 1))]);
        await using (var tx = await Store.BeginAsync())
        {
            foreach (var item in items.Take(140))
            {
                await tx.AddReviewVerdictAsync(new NewReviewVerdict(item.Id, "carol", true, null, "", false, false));
            }

            await tx.CommitAsync();
        }

        Assert.Equal(items[140].Id, (await NextAsync("dana"))!.Item.Id);
        Assert.Equal(items[141].Id, (await NextAsync("erin"))!.Item.Id);
        for (var i = 142; i < 150; i++)
        {
            Assert.Equal(items[i].Id, (await NextAsync("r" + i))!.Item.Id);
        }

        Assert.Null(await NextAsync("frank"));
    }

    [StoreFact]
    public async Task A_lapsed_lease_puts_the_item_back_in_the_queue_and_its_holder_can_no_longer_judge_it()
    {
        var release = await SeedReleaseAsync();
        var item = (await SeedItemsAsync(release, "sha256:e1", Item("c1", needed: 1)))[0];

        Assert.Equal(item.Id, (await NextAsync("carol"))!.Item.Id);
        Time.Advance(HalfHour - TimeSpan.FromSeconds(1));
        Assert.Null(await NextAsync("dana"));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(item.Id, (await NextAsync("dana"))!.Item.Id);

        await Assert.ThrowsAsync<ReviewPlaceTakenException>(() => VerdictAsync(item.Id, "carol"));
        await VerdictAsync(item.Id, "dana");
        Assert.Null(await NextAsync("carol"));
        Assert.Equal(["dana"], (await Store.ListReviewVerdictsOfItemAsync(item.Id)).Select(v => v.Reviewer));
    }

    [StoreFact]
    public async Task An_item_in_adjudication_goes_to_one_adjudicator_who_did_not_review_it()
    {
        var release = await SeedReleaseAsync();
        var items = await SeedItemsAsync(release, "sha256:e1", Item("c1"), Item("c2"));
        await VerdictAsync(items[0].Id, "carol", pass: true);
        await VerdictAsync(items[0].Id, "dana", pass: false);
        await Assert.ThrowsAsync<ReviewPlaceTakenException>(() => VerdictAsync(items[0].Id, "erin", adjudication: true));
        await SetStateAsync(items[0].Id, ReviewItemStatus.Adjudication);

        string[] leads = ["leads"];
        Assert.Null(await NextAsync("carol", leads));
        Assert.Equal(items[1].Id, (await NextAsync("carol", ["experts", "leads"]))!.Item.Id);
        var lease = (await NextAsync("erin", leads))!;
        Assert.Equal((items[0].Id, ReviewItemStatus.Adjudication, true), (lease.Item.Id, lease.Item.State, lease.Adjudication));
        Assert.Null(await NextAsync("frank", leads));
        Assert.Equal(items[0].Id, Assert.Single(await Store.ListOpenReviewItemsAsync("leads", null, 10)).Id);
        Assert.Equal([items[1].Id], (await Store.ListOpenReviewItemsAsync("experts", null, 10)).Select(i => i.Id));

        await Assert.ThrowsAsync<ReviewPlaceTakenException>(() => VerdictAsync(items[0].Id, "frank", adjudication: true));
        await Assert.ThrowsAsync<ReviewPlaceTakenException>(() => VerdictAsync(items[0].Id, "erin"));
        var deciding = await VerdictAsync(items[0].Id, "erin", pass: false, adjudication: true);
        Assert.True(deciding.Adjudication);
        await SetStateAsync(items[0].Id, ReviewItemStatus.Settled);
        Assert.Null(await NextAsync("frank", leads));
        Assert.Equal(ReviewItemStatus.Settled, (await Store.GetReviewItemAsync(items[0].Id))!.State);
        Assert.Equal(["carol", "dana", "erin"], (await Store.ListReviewVerdictsOfItemAsync(items[0].Id)).Select(v => v.Reviewer));
        await using var tx = await Store.BeginAsync();
        await Assert.ThrowsAsync<RecordNotFoundException>(() => tx.SetReviewItemStateAsync(9999, ReviewItemStatus.Settled));
    }

    [StoreFact]
    public async Task A_second_verdict_of_one_reviewer_on_one_item_is_a_duplicate()
    {
        var release = await SeedReleaseAsync();
        var item = (await SeedItemsAsync(release, "sha256:e1", Item("c1", needed: 3)))[0];
        await VerdictAsync(item.Id, "carol");
        var error = await Assert.ThrowsAsync<DuplicateRecordException>(() => VerdictAsync(item.Id, "carol", pass: false));
        Assert.Equal("RG1505", error.Code);
        Assert.Contains("'carol' already gave a verdict on review item", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RecordNotFoundException>(() => VerdictAsync(9999, "carol"));
        Assert.Single(await Store.ListReviewVerdictsOfItemAsync(item.Id));
    }

    [StoreFact]
    public async Task Review_verdicts_and_what_an_item_was_sampled_as_cannot_be_changed_or_deleted()
    {
        var release = await SeedReleaseAsync();
        var item = (await SeedItemsAsync(release, "sha256:e1", Item("c1")))[0];
        Assert.NotNull(await NextAsync("dana"));
        await VerdictAsync(item.Id, "carol");

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE review_verdicts SET pass = NOT pass"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM review_verdicts"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM review_items"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE review_items SET case_id = 'c9'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE review_items SET needed = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE review_items SET evidence_digest = 'sha256:e9'"));
        Assert.Equal(1, await ExecuteRawAsync("UPDATE review_items SET state = 'settled', updated_at = created_at"));
        Assert.Equal(1, await ExecuteRawAsync("DELETE FROM review_leases"));

        var verdict = Assert.Single(await Store.ListReviewVerdictsAsync(release.Id));
        Assert.Equal(("carol", true), (verdict.Reviewer, verdict.Pass));
        var stored = (await Store.GetReviewItemAsync(item.Id))!;
        Assert.Equal(("c1", 2, "sha256:e1", ReviewItemStatus.Settled), (stored.Case, stored.Needed, stored.EvidenceDigest, stored.State));
    }

    [StoreFact]
    public async Task Queue_stats_count_waiting_items_per_group_with_the_oldest_and_only_of_releases_still_open()
    {
        var release = await SeedReleaseAsync();
        var start = Time.GetUtcNow();
        var items = await SeedItemsAsync(release, "sha256:e1", Item("c1"), Item("c2"), Item("c3", group: "others"));
        Time.Advance(TimeSpan.FromMinutes(5));
        await SeedItemsAsync(release, "sha256:e1", Item("c4"));
        var closed = await SeedReleaseAsync(digest: "sha256:r2");
        await SeedItemsAsync(closed, "sha256:e1", Item("c1"));
        await using (var tx = await Store.BeginAsync())
        {
            await tx.UpdateReleaseAsync(closed.Id, closed.RowVersion, new ReleaseUpdate(ReleaseState.Rejected));
            await tx.CommitAsync();
        }

        Assert.DoesNotContain(await Store.ListOpenReviewItemsAsync(null, null, 100), i => i.ReleaseId == closed.Id);

        await VerdictAsync(items[0].Id, "dana");
        await VerdictAsync(items[0].Id, "erin");
        await SetStateAsync(items[0].Id, ReviewItemStatus.Adjudication);
        await SetStateAsync(items[1].Id, ReviewItemStatus.Settled);

        Assert.Equal(
            [new ReviewQueueStats("experts", 1, start + TimeSpan.FromMinutes(5)), new ReviewQueueStats("leads", 1, start), new ReviewQueueStats("others", 1, start)],
            await Store.ReviewQueueStatsAsync());
        Assert.Equal(3, (await Store.ListOpenReviewItemsAsync(null, null, 100)).Count);
        Assert.Equal(2, (await Store.ListOpenReviewItemsAsync(null, "support-agent", 2)).Count);
        Assert.Empty(await Store.ListOpenReviewItemsAsync(null, "triage", 100));
    }

    [StoreFact]
    public async Task Fifty_reviewers_on_two_instances_never_take_an_item_past_its_k()
    {
        const int ItemCount = 200;
        const int K = 2;
        const int Reviewers = 50;
        await using var other = await OpenAsync();
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddReviewItemsAsync(release.Id, "sha256:e1", [.. Enumerable.Range(0, ItemCount).Select(i => Item($"c{i:D3}", needed: K))]);
            await tx.CommitAsync();
        }

        // Holders per item as the reviewers see them: counted after the lease commits and until after the verdict commits, a window
        // inside which the item's place stays taken in the store (by the lease, then by the verdict), so it never exceeds k unless
        // the store handed the item out past k.
        var holders = new Dictionary<long, int>();
        var mostHolders = 0;
        var refused = 0;
        var gate = new object();
        async Task Review(string reviewer, IGateStore store)
        {
            // Bounded, so that a store that refuses verdicts it should take fails the test instead of spinning.
            for (var round = 0; round < ItemCount; round++)
            {
                var lease = await NextAsync(reviewer, store: store);
                if (lease is null)
                {
                    return;
                }

                lock (gate)
                {
                    holders[lease.Item.Id] = holders.GetValueOrDefault(lease.Item.Id) + 1;
                    mostHolders = Math.Max(mostHolders, holders[lease.Item.Id]);
                }

                try
                {
                    await VerdictAsync(lease.Item.Id, reviewer, store: store);
                }
                catch (Exception e) when (e is ConcurrencyConflictException or ReviewPlaceTakenException)
                {
                    Interlocked.Increment(ref refused);
                    await using var tx = await store.BeginAsync();
                    await tx.ReleaseReviewLeaseAsync(lease.Item.Id, reviewer);
                    await tx.CommitAsync();
                }

                lock (gate)
                {
                    holders[lease.Item.Id]--;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Reviewers).Select(i => Task.Run(() => Review($"r{i:D2}", i % 2 == 0 ? Store : other))));

        Assert.Equal(0, refused);
        Assert.InRange(mostHolders, 1, K);
        var verdicts = await Store.ListReviewVerdictsAsync(release.Id);
        Assert.Equal(ItemCount * K, verdicts.Count);
        Assert.All(verdicts.GroupBy(v => v.ItemId), g =>
        {
            Assert.Equal(K, g.Count());
            Assert.Equal(K, g.Select(v => v.Reviewer).Distinct().Count());
        });
        Assert.DoesNotContain(verdicts, v => v.Reviewer == release.Submitter);
        Assert.Null(await NextAsync("r00"));
        Assert.Null(await NextAsync("newcomer"));
    }

    [StoreFact]
    public async Task Review_verdicts_verify_against_their_ledger_entries_and_a_forged_or_missing_one_is_named()
    {
        var (release, _, _) = await SeedStateAsync();
        var subject = $"release/support-agent/{release.Id}";
        long itemId;
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddReviewItemsAsync(release.Id, "sha256:e1", [Item("c1")]);
            itemId = (await tx.ListReviewItemsAsync(release.Id))[0].Id;
            foreach (var (reviewer, pass, adjudication) in new[] { ("carol", true, false), ("dana", false, false), ("erin", false, true) })
            {
                if (adjudication)
                {
                    await tx.SetReviewItemStateAsync(itemId, ReviewItemStatus.Adjudication);
                }

                var verdict = await tx.AddReviewVerdictAsync(new NewReviewVerdict(itemId, reviewer, pass, pass ? null : "high", "why", false, adjudication));
                await tx.AppendLedgerAsync(new NewLedgerEntry(reviewer, LedgerEvents.ReviewVerdictGiven, subject, new JsonObject
                {
                    ["item"] = itemId, ["reviewer"] = reviewer, ["pass"] = pass, ["severity"] = verdict.Severity, ["adjudication"] = adjudication,
                    ["evidence"] = verdict.EvidenceDigest,
                }));
            }

            await tx.CommitAsync();
        }

        var clean = await Store.VerifyStateAsync();
        Assert.True(clean.IsConsistent, string.Join("; ", clean.Breaks));
        Assert.Equal((7L, 7L), (clean.EntriesRead, clean.RowsChecked));

        // dana's verdict turned around behind the store's back, one written straight into the table, and an entry whose row is gone.
        await DropTriggerAsync("review_verdicts", "review_verdicts_no_update");
        await ExecuteRawAsync("UPDATE review_verdicts SET pass = NOT pass WHERE reviewer = 'dana'");
        await ExecuteRawAsync("INSERT INTO review_verdicts (item_id, release_id, reviewer, pass, severity, comment, add_to_bank, adjudication, evidence_digest, created_at) " +
            $"SELECT {itemId}, {release.Id}, 'mallory', pass, NULL, 'trust me', add_to_bank, adjudication, evidence_digest, created_at FROM review_verdicts WHERE reviewer = 'carol'");
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("frank", LedgerEvents.ReviewVerdictGiven, subject, new JsonObject
            {
                ["item"] = itemId, ["reviewer"] = "frank", ["pass"] = true, ["evidence"] = "sha256:e1",
            }));
            await tx.CommitAsync();
        }

        var forged = await Store.VerifyStateAsync();
        Assert.Equal(3, forged.BreakCount);
        Assert.Contains(forged.Breaks, b => b.Table == "review_verdicts" && b.Detail.StartsWith("pass is 'true' in the table, but the ledger implies 'false'", StringComparison.Ordinal));
        Assert.Contains(forged.Breaks, b => b.Table == "review_verdicts" && b.Detail.Contains("(mallory on review item", StringComparison.Ordinal));
        Assert.Contains(forged.Breaks, b => b.Table == "ledger" && b.Detail.Contains("verdict of 'frank'", StringComparison.Ordinal));
        Assert.True((await Store.VerifyLedgerAsync()).IsIntact);
    }
}
