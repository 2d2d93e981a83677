using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>A ledger of 120,000 entries, written once and copied for each test.</summary>
public sealed class LargeLedgerFixture : IAsyncLifetime
{
    public const int Entries = 120_000;

    public string Folder { get; } = Directory.CreateTempSubdirectory("releasegate-split-").FullName;

    public string Template => Path.Combine(Folder, "template.db");

    public async Task InitializeAsync()
    {
        await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = Template }))
        {
            await using var tx = await store.BeginAsync();
            for (var i = 1; i <= Entries; i++)
            {
                await tx.AppendLedgerAsync(new NewLedgerEntry("alice", "test.event", $"thing:{i}", new JsonObject { ["n"] = i }));
            }

            await tx.CommitAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// On SQLite a ledger this large is read as two halves on two connections (entries up to 60,000, then the rest); a break where
/// the halves meet, or in either half, is named as a walk in one piece would name it.
/// </summary>
public sealed class LedgerSplitTests(LargeLedgerFixture fixture) : IClassFixture<LargeLedgerFixture>, IAsyncLifetime
{
    // The split rule of SqliteLedgerWalk: halves at min + (max - min) / 2.
    private const long FirstOfSecondHalf = 1 + ((LargeLedgerFixture.Entries - 1) / 2) + 1;
    private readonly string _database = Path.Combine(fixture.Folder, Guid.NewGuid().ToString("N") + ".db");
    private IGateStore _store = null!;

    public async Task InitializeAsync()
    {
        File.Copy(fixture.Template, _database);
        await ExecuteAsync("DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete");
        _store = await GateStore.OpenAsync(new GateStoreOptions { Database = _database });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Fact]
    public async Task An_intact_ledger_read_in_two_halves_verifies()
    {
        Assert.True(LargeLedgerFixture.Entries > Sqlite.SqliteLedgerWalk.SplitAbove, "the fixture must be large enough to be read in halves");
        var result = await _store.VerifyLedgerAsync();
        Assert.Null(result.FirstBreak);
        Assert.Equal((LargeLedgerFixture.Entries, (long)LargeLedgerFixture.Entries), (result.EntriesChecked, result.HeadSeq));
    }

    [Fact]
    public async Task A_deleted_first_entry_of_the_second_half_is_named()
    {
        await ExecuteAsync($"DELETE FROM ledger WHERE seq = {FirstOfSecondHalf}");
        var result = await _store.VerifyLedgerAsync();
        Assert.Equal((FirstOfSecondHalf, LedgerBreakKind.SequenceGap), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
    }

    [Fact]
    public async Task A_forged_link_where_the_halves_meet_is_named()
    {
        await ExecuteAsync($"UPDATE ledger SET prev_hash = 'sha256:{new string('0', 64)}' WHERE seq = {FirstOfSecondHalf}");
        var result = await _store.VerifyLedgerAsync();
        Assert.Equal((FirstOfSecondHalf, LedgerBreakKind.ChainMismatch), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
        Assert.Equal(FirstOfSecondHalf - 1, result.EntriesChecked);
    }

    [Fact]
    public async Task Of_changes_in_both_halves_the_one_in_the_first_is_named()
    {
        await ExecuteAsync("UPDATE ledger SET payload = '{\"n\":0}' WHERE seq IN (30000, 100000)");
        var result = await _store.VerifyLedgerAsync();
        Assert.Equal((30_000L, LedgerBreakKind.HashMismatch), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
    }

    [Fact]
    public async Task A_cut_tail_is_named_against_the_head()
    {
        await ExecuteAsync("DELETE FROM ledger WHERE seq > 110000");
        var result = await _store.VerifyLedgerAsync();
        Assert.Equal((110_001L, LedgerBreakKind.HeadMismatch), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
    }

    private Task ExecuteAsync(string sql) => SqliteFile.ExecuteAsync(_database, sql);
}
