using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Storage.Migrations;
using ReleaseGate.Storage.Sql;

namespace ReleaseGate.Storage.Postgres;

/// <summary>
/// The team store on PostgreSQL. Transactions are READ COMMITTED: optimistic concurrency on releases comes from the version
/// column (a second writer re-checks the row after the first commits and finds the version changed), and ledger appends lock
/// the single <c>ledger_head</c> row until commit, so appends are serialised while readers, which never lock, never wait.
/// Evidence lines go in by binary COPY.
/// </summary>
internal sealed class PostgresGateStore : SqlGateStore
{
    // An arbitrary constant shared by every ReleaseGate instance: the key of the migration lock.
    private const long MigrationLockKey = 0x52470015;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresGateStore(GateStoreOptions options, NpgsqlDataSource dataSource)
        : base(options) => _dataSource = dataSource;

    public override StoreKind Kind => StoreKind.Postgres;

    public override string ForUpdate => " FOR UPDATE";

    public override string ForUpdateOf(string alias, bool skipLocked) => " FOR UPDATE OF " + alias + (skipLocked ? " SKIP LOCKED" : "");

    public override string SelectLedgerHeadForAppend => "SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE";

    public static async Task<IGateStore> OpenAsync(GateStoreOptions options, CancellationToken cancellationToken)
    {
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(options.Database);
        }
        catch (ArgumentException e)
        {
            throw new GateStoreException(ErrorCodes.StoreUnavailable, StorageMessages.Unavailable("the connection string is not valid: " + e.Message), e);
        }

        var store = new PostgresGateStore(options, dataSource);
        try
        {
            if (options.Clock == StoreClock.Database)
            {
                store.Clock = await DatabaseClock.StartAsync(dataSource, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await store.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await SqlCommands.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@MigrationLockKey)", new { MigrationLockKey }, cancellationToken)
                        .ConfigureAwait(false);
                    await Migrator.ApplyAsync(connection, transaction, Migration.For("Postgres"), options.Migrate, store.Now(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            var mapped = StoreErrors.Translate(e);
            if (mapped == e)
            {
                throw;
            }

            throw mapped;
        }

        return store;
    }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await SqlCommands.ExecuteAsync(connection, transaction, "SET TRANSACTION READ ONLY", cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    /// <summary>Walks the ledger as one binary COPY in one snapshot (<see cref="PostgresLedgerWalk"/>).</summary>
    private protected override (long? Seq, string? Hash) WalkLedger(LedgerChain chain, CancellationToken cancellationToken)
    {
        using var connection = _dataSource.OpenConnection();
        return PostgresLedgerWalk.Walk(connection, chain, cancellationToken);
    }

    public override object LedgerTimeValue(DateTimeOffset time) => time;

    public override async Task<long> InsertLinesAsync(
        DbConnection connection, DbTransaction transaction, long runId, IAsyncEnumerable<EvidenceLine> lines, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        long count = 0;
        var writer = await npgsql.BeginBinaryImportAsync(
            "COPY result_lines (run_id, line_no, suite, case_id, repeat, target, pass, error, score, latency_ms, cost, line) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                // Synchronous Write is markedly faster than WriteAsync per field (DEPENDENCIES.md); it only blocks when a buffer flushes.
                writer.StartRow();
                writer.Write(runId, NpgsqlDbType.Bigint);
                writer.Write(line.LineNumber, NpgsqlDbType.Bigint);
                writer.Write(line.Suite, NpgsqlDbType.Text);
                writer.Write(line.Case, NpgsqlDbType.Text);
                writer.Write(line.Repeat, NpgsqlDbType.Integer);
                writer.Write(line.Target, NpgsqlDbType.Text);
                WriteNullable(writer, line.Pass, NpgsqlDbType.Boolean);
                if (line.Error is null)
                {
                    writer.WriteNull();
                }
                else
                {
                    writer.Write(line.Error, NpgsqlDbType.Text);
                }

                WriteNullable(writer, line.Score, NpgsqlDbType.Double);
                WriteNullable(writer, line.LatencyMs, NpgsqlDbType.Double);
                WriteNullable(writer, line.Cost, NpgsqlDbType.Double);
                writer.Write(line.Json, NpgsqlDbType.Text);
                count++;
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static void WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            writer.Write(v, type);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
