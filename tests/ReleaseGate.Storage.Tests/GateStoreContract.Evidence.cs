using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    [StoreFact]
    public async Task Result_lines_read_back_in_order_exactly_as_ingested()
    {
        var release = await SeedReleaseAsync();
        EvidenceRunResult stored;
        await using (var tx = await Store.BeginAsync())
        {
            stored = await tx.AddEvidenceRunAsync(new NewEvidenceRun(release.Id, "sha256:run1", "results.jsonl", "ci"), Lines(2_000));
            await tx.CommitAsync();
        }

        Assert.True(stored.Created);
        Assert.Equal(2_000, stored.Run.LineCount);
        var expected = await Lines(2_000).ToListAsync();
        var read = await Store.ReadRunLinesAsync(stored.Run.Id).ToListAsync();
        Assert.Equal(expected, read);
        Assert.Equal([stored.Run], await Store.ListEvidenceRunsAsync(release.Id));
    }

    [StoreFact]
    public async Task Uploading_the_same_run_again_stores_nothing_and_reads_no_line()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddEvidenceRunAsync(new NewEvidenceRun(release.Id, "sha256:run1", "a.jsonl", "ci"), Lines(300));
            await tx.CommitAsync();
        }

        await using (var tx = await Store.BeginAsync())
        {
            // A source that fails when read proves the lines are not even enumerated.
            var again = await tx.AddEvidenceRunAsync(new NewEvidenceRun(release.Id, "sha256:run1", "b.jsonl", "someone-else"), Lines(300, failAt: 1));
            Assert.False(again.Created);
            Assert.Equal(("a.jsonl", 300L), (again.Run.Source, again.Run.LineCount));
            await tx.AddEvidenceRunAsync(new NewEvidenceRun(release.Id, "sha256:run2", "c.jsonl", "ci"), Lines(5));
            await tx.CommitAsync();
        }

        Assert.Equal(2, (await Store.ListEvidenceRunsAsync(release.Id)).Count);
        var all = await Store.ReadResultLinesAsync(release.Id).ToListAsync();
        Assert.Equal(305, all.Count);
        Assert.Equal(Enumerable.Range(1, 300).Concat(Enumerable.Range(1, 5)).Select(i => (long)i), all.Select(l => l.LineNumber));
    }

    [StoreFact]
    public async Task A_run_that_fails_half_way_leaves_nothing_behind()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            await Assert.ThrowsAsync<InvalidDataException>(() =>
                tx.AddEvidenceRunAsync(new NewEvidenceRun(release.Id, "sha256:run1", "a.jsonl", "ci"), Lines(1_000, failAt: 700)));
        }

        Assert.Empty(await Store.ListEvidenceRunsAsync(release.Id));
        Assert.Empty(await Store.ReadResultLinesAsync(release.Id).ToListAsync());
    }

    [StoreFact]
    public async Task Evidence_can_be_neither_rewritten_nor_deleted()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AddEvidenceRunAsync(new NewEvidenceRun(release.Id, "sha256:run1", "a.jsonl", "ci"), Lines(3));
            await tx.CommitAsync();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE result_lines SET pass = NULL WHERE line_no = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM result_lines"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM evidence_runs"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM releases"));
        Assert.Equal(3, (await Store.ReadResultLinesAsync(release.Id).ToListAsync()).Count);
    }
}
