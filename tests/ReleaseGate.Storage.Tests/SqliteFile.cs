using Microsoft.Data.Sqlite;

namespace ReleaseGate.Storage.Tests;

/// <summary>Raw SQL on a SQLite file behind the store's back (tampering, dropping triggers), on an unpooled connection.</summary>
internal static class SqliteFile
{
    public static async Task<int> ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
