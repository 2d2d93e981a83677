using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    [StoreFact]
    public async Task Of_fifty_pairs_of_conflicting_writers_on_two_connections_exactly_one_of_each_pair_wins()
    {
        await using var other = await OpenAsync();
        var releases = new List<ReleaseRecord>();
        for (var i = 0; i < 50; i++)
        {
            releases.Add(await SeedReleaseAsync(digest: $"sha256:r{i:D2}"));
        }

        // Both writers read version 1 and try to move the release: one approves, one blocks.
        async Task<string?> Write(IGateStore store, ReleaseRecord release, ReleaseState state, string actor)
        {
            try
            {
                await using var tx = await store.BeginAsync();
                await tx.UpdateReleaseAsync(release.Id, release.RowVersion, new ReleaseUpdate(state));
                await tx.AppendLedgerAsync(new NewLedgerEntry(actor, "release." + state.ToString().ToLowerInvariant(), $"release:{release.Id}", new JsonObject { ["state"] = state.ToString() }));
                await tx.CommitAsync();
                return actor;
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        }

        var writes = releases.SelectMany(r => new[]
        {
            Task.Run(() => Write(Store, r, ReleaseState.Approved, "carol")),
            Task.Run(() => Write(other, r, ReleaseState.Blocked, "dana")),
        }).ToList();
        var outcomes = await Task.WhenAll(writes);

        Assert.Equal(50, outcomes.Count(o => o is not null));
        Assert.Equal(50, outcomes.Count(o => o is null));
        for (var i = 0; i < releases.Count; i++)
        {
            var winner = outcomes[2 * i] ?? outcomes[(2 * i) + 1];
            var stored = (await Store.GetReleaseAsync(releases[i].Id))!;
            Assert.Equal(2, stored.RowVersion);
            Assert.Equal(winner == "carol" ? ReleaseState.Approved : ReleaseState.Blocked, stored.State);
            var entries = await Store.ListLedgerBySubjectAsync($"release:{releases[i].Id}");
            Assert.Equal(["release.submitted", "release." + stored.State.ToString().ToLowerInvariant()], entries.Select(e => e.Type));
            Assert.Equal(winner, entries[1].Actor);
        }

        var verification = await Store.VerifyLedgerAsync();
        Assert.True(verification.IsIntact, verification.FirstBreak?.Detail);
        Assert.Equal(100, verification.EntriesChecked);
    }

    [StoreFact]
    public async Task Concurrent_appends_from_two_connections_form_one_unbroken_chain()
    {
        await using var other = await OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var tx = await (i % 2 == 0 ? Store : other).BeginAsync();
            await tx.AppendLedgerAsync(new NewLedgerEntry("writer" + (i % 2), "test.event", $"thing:{i}", new JsonObject { ["i"] = i }));
            await tx.CommitAsync();
        })));

        var verification = await Store.VerifyLedgerAsync();
        Assert.True(verification.IsIntact, verification.FirstBreak?.Detail);
        Assert.Equal(40, verification.EntriesChecked);
        Assert.Equal(40, (await Store.ReadLedgerAsync().ToListAsync()).Select(e => e.Subject).Distinct().Count());
    }
}
