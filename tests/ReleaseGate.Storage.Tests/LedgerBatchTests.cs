using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>Verification hashes rows in batches on several threads: the first break must still be the lowest one.</summary>
public sealed class LedgerBatchTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("releasegate-batch-").FullName;
    private IGateStore _store = null!;

    private string Database => Path.Combine(_folder, "ledger.db");

    public async Task InitializeAsync()
    {
        _store = await GateStore.OpenAsync(new GateStoreOptions { Database = Database });
        await using var tx = await _store.BeginAsync();
        for (var i = 1; i <= 20_000; i++)
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("alice", "test.event", $"thing:{i}", new JsonObject { ["n"] = i }));
        }

        await tx.CommitAsync();
        await ExecuteAsync("DROP TRIGGER ledger_no_update");
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_changed_entry_deep_in_a_later_batch_is_named()
    {
        await ExecuteAsync("UPDATE ledger SET payload = '{\"n\":0}' WHERE seq = 17000");
        var result = await _store.VerifyLedgerAsync();
        Assert.Equal((17_000L, LedgerBreakKind.HashMismatch, 16_999L), (result.FirstBreak!.Seq, result.FirstBreak.Kind, result.EntriesChecked));
    }

    [Fact]
    public async Task Of_two_changes_the_earlier_is_named_even_when_the_later_is_a_chain_break()
    {
        await ExecuteAsync("UPDATE ledger SET subject = 'thing:x' WHERE seq = 5000");
        await ExecuteAsync("UPDATE ledger SET prev_hash = 'sha256:forged' WHERE seq = 6000");
        var result = await _store.VerifyLedgerAsync();
        Assert.Equal((5_000L, LedgerBreakKind.HashMismatch), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
    }

    [Fact]
    public async Task Without_the_native_path_the_same_breaks_are_named()
    {
        // The walk through Microsoft.Data.Sqlite, used when SQLitePCL loads another SQLite library than e_sqlite3.
        ((Sqlite.SqliteGateStore)_store).NativeLedgerWalk = false;
        Assert.True((await _store.VerifyLedgerAsync()).IsIntact);
        await ExecuteAsync("UPDATE ledger SET subject = 'thing:x' WHERE seq = 5000");
        var result = await _store.VerifyLedgerAsync();
        Assert.Equal((5_000L, LedgerBreakKind.HashMismatch, 4_999L), (result.FirstBreak!.Seq, result.FirstBreak.Kind, result.HeadSeq));
    }

    [Fact]
    public async Task An_intact_ledger_of_several_batches_verifies()
    {
        var result = await _store.VerifyLedgerAsync();
        Assert.True(result.IsIntact);
        Assert.Equal((20_000L, 20_000L), (result.EntriesChecked, result.HeadSeq));
    }

    private Task ExecuteAsync(string sql) => SqliteFile.ExecuteAsync(Database, sql);
}
