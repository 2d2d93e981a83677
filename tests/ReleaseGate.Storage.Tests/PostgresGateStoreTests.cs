namespace ReleaseGate.Storage.Tests;

/// <summary>The contract on a real PostgreSQL (eng/postgres.sh): a fresh database per test.</summary>
public sealed class PostgresGateStoreTests : GateStoreContract
{
    private string? _database;

    protected override string Database => _database ?? throw new InvalidOperationException("no database yet");

    protected override async Task CreateDatabaseAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await PostgresServer.DropDatabaseAsync(_database);
        }
    }

    protected override Task<int> ExecuteRawAsync(string sql) => PostgresServer.ExecuteAsync(Database, sql);

    protected override Task DropTriggerAsync(string table, string trigger) => ExecuteRawAsync($"DROP TRIGGER {trigger} ON {table}");
}
