using Npgsql;

namespace ReleaseGate.Server.Tests;

/// <summary>Where a server test keeps its data: a SQLite file of its own (null), or a fresh database on the test PostgreSQL.</summary>
internal static class ServerDatabase
{
    public const string Variable = "RELEASEGATE_TEST_POSTGRES";

    public static string? Postgres => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="sql"/> on the database directly, as someone with access to it but not to ReleaseGate would.</summary>
    public static async Task ExecuteRawAsync(string database, string sql)
    {
        if (ReleaseGate.Storage.GateStore.IsPostgres(database))
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A new PostgreSQL database's connection string.</summary>
    public static async Task<string> CreatePostgresAsync()
    {
        var server = Postgres ?? throw new InvalidOperationException($"{Variable} is not set; run eng/test.sh, which starts a throwaway PostgreSQL.");
        var name = "rg_server_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }
}
