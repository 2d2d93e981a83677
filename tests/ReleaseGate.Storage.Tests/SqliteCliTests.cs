using Microsoft.Data.Sqlite;

namespace ReleaseGate.Storage.Tests;

/// <summary>The storage verbs on a SQLite file.</summary>
public sealed class SqliteCliTests : CliContract
{
    protected override string Database => Path.Combine(Folder, "releasegate.db");

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    protected override Task<int> ExecuteRawAsync(string sql) => SqliteFile.ExecuteAsync(Database, sql);

    protected override Task DropTriggerAsync(string table, string trigger) => ExecuteRawAsync($"DROP TRIGGER {trigger}");
}
