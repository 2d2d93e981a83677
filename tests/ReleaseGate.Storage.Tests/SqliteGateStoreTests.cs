using Microsoft.Data.Sqlite;

namespace ReleaseGate.Storage.Tests;

/// <summary>The contract on SQLite: a fresh file per test.</summary>
public sealed class SqliteGateStoreTests : GateStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("releasegate-store-").FullName;

    protected override string Database => Path.Combine(_folder, "releasegate.db");

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_folder))
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    protected override Task<int> ExecuteRawAsync(string sql) => SqliteFile.ExecuteAsync(Database, sql);

    protected override Task DropTriggerAsync(string table, string trigger) => ExecuteRawAsync($"DROP TRIGGER {trigger}");
}
