using System.Data.Common;
using Dapper;
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
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE IF NOT EXISTS {VersionTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            null, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var known = migrations.Count;
        var current = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            $"SELECT MAX(version) FROM {VersionTable}", null, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
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
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, null, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO {VersionTable} (version, name, applied_at) VALUES (@Version, @Name, @at)",
                    new { migration.Version, migration.Name, at = LedgerHash.FormatTime(now) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new GateStoreException(ErrorCodes.StoreMigrationFailed, StorageMessages.MigrationFailed(migration.Version, migration.Name, e.Message), e);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
