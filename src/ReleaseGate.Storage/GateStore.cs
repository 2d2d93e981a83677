using ReleaseGate.Storage.Postgres;
using ReleaseGate.Storage.Sqlite;

namespace ReleaseGate.Storage;

/// <summary>Opens the store a database string names.</summary>
public static class GateStore
{
    /// <summary>The environment variable the CLI and server read when no database is given.</summary>
    public const string EnvironmentVariable = "RELEASEGATE_DB";

    /// <summary>
    /// Opens a store and (unless <see cref="GateStoreOptions.Migrate"/> is false) brings its schema up to date under a lock, so that
    /// two instances starting together never race.
    /// </summary>
    /// <exception cref="GateStoreException">The database cannot be reached (RG1501), is newer than this code (RG1502), or a migration failed (RG1503).</exception>
    public static async Task<IGateStore> OpenAsync(GateStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IsPostgres(options.Database)
            ? await PostgresGateStore.OpenAsync(options, cancellationToken).ConfigureAwait(false)
            : await SqliteGateStore.OpenAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="database"/> is a PostgreSQL connection string or URI rather than a SQLite file path.</summary>
    public static bool IsPostgres(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var text = database.TrimStart();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || (text.Contains('=', StringComparison.Ordinal)
                && (text.Contains("host=", StringComparison.OrdinalIgnoreCase) || text.Contains("server=", StringComparison.OrdinalIgnoreCase)));
    }
}
