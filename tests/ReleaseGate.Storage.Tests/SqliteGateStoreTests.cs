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

    protected override async Task<int> ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    protected override Task DropTriggerAsync(string table, string trigger) => ExecuteRawAsync($"DROP TRIGGER {trigger}");
}
