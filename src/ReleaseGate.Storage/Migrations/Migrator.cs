using System.Data.Common;
using System.Globalization;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Storage.Sql;

namespace ReleaseGate.Storage.Migrations;

/// <summary>
/// Brings a schema up to date inside one transaction that the caller has begun and locked (SQLite: <c>BEGIN IMMEDIATE</c>;
/// PostgreSQL: <c>pg_advisory_xact_lock</c>), so two instances starting together never race: the second waits, then finds
/// nothing to do. Migrations are transactional on both databases, so a failure leaves the database as it was.
/// A database newer than the code is refused.
/// </summary>
internal static class Migrator
{
    public const string VersionTable = "releasegate_schema";

    public static async Task ApplyAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<Migration> migrations,
        bool migrate,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await SqlCommands.ExecuteAsync(
            connection, transaction, $"CREATE TABLE IF NOT EXISTS {VersionTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        var known = migrations.Count;
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > known)
        {
            throw new GateStoreException(ErrorCodes.StoreSchemaTooNew, StorageMessages.SchemaTooNew(current, known));
        }

        if (current < known && !migrate)
        {
            throw new GateStoreException(ErrorCodes.StoreMigrationFailed, StorageMessages.NotMigrated(current, known));
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            try
            {
                await SqlCommands.ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                await SqlCommands.ExecuteAsync(
                    connection, transaction, $"INSERT INTO {VersionTable} (version, name, applied_at) VALUES (@Version, @Name, @at)",
                    new { migration.Version, migration.Name, at = LedgerHash.FormatTime(now) }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new GateStoreException(ErrorCodes.StoreMigrationFailed, StorageMessages.MigrationFailed(migration.Version, migration.Name, e.Message), e);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The highest version applied, 0 for none (SQLite returns the maximum as a 64-bit integer, PostgreSQL as a 32-bit one).</summary>
    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = SqlCommands.Create(connection, transaction, $"SELECT MAX(version) FROM {VersionTable}");
        await using (command.ConfigureAwait(false))
        {
            var max = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return max is null or DBNull ? 0 : Convert.ToInt32(max, CultureInfo.InvariantCulture);
        }
    }
}
