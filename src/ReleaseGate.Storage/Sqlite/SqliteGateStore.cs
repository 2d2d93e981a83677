using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Storage.Migrations;
using ReleaseGate.Storage.Sql;

namespace ReleaseGate.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers never wait for the writer), <c>synchronous=FULL</c> so a commit
/// survives a crash, foreign keys on. Write transactions are <c>BEGIN IMMEDIATE</c>: writers queue for the busy timeout
/// instead of failing half-way.
/// </summary>
internal sealed class SqliteGateStore : SqlGateStore
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    private SqliteGateStore(GateStoreOptions options, string connectionString)
        : base(options)
    {
        _connectionString = connectionString;
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    }

    public override StoreKind Kind => StoreKind.Sqlite;

    public override string SelectLedgerHeadForAppend => "SELECT seq, hash FROM ledger_head WHERE id = 1";

    public static async Task<IGateStore> OpenAsync(GateStoreOptions options, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.Database,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Database));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new GateStoreException(ErrorCodes.StoreUnavailable, StorageMessages.Unavailable($"the directory {directory} does not exist"));
        }

        var store = new SqliteGateStore(options, builder.ToString());
        try
        {
            var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode = WAL";
                    var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new GateStoreException(ErrorCodes.StoreUnavailable, StorageMessages.Unavailable($"{options.Database} cannot be put in WAL mode (got '{mode}')"));
                    }
                }

                var transaction = await store.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await Migrator.ApplyAsync(connection, transaction, Migration.For("Sqlite"), options.Migrate, store.Now(), cancellationToken).ConfigureAwait(false);
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

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override object LedgerTimeValue(DateTimeOffset time) => LedgerHash.FormatTime(time);

    public override string LedgerTimeText(DbDataReader reader, int ordinal) => reader.GetString(ordinal);

    public override async Task<long> InsertLinesAsync(
        DbConnection connection, DbTransaction transaction, long runId, IAsyncEnumerable<EvidenceLine> lines, CancellationToken cancellationToken)
    {
        using var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText =
            "INSERT INTO result_lines (run_id, line_no, suite, case_id, repeat, target, pass, error, score, latency_ms, cost, line) " +
            "VALUES ($run, $no, $suite, $case, $repeat, $target, $pass, $error, $score, $latency, $cost, $line)";
        var run = command.Parameters.Add("$run", SqliteType.Integer);
        var no = command.Parameters.Add("$no", SqliteType.Integer);
        var suite = command.Parameters.Add("$suite", SqliteType.Text);
        var caseId = command.Parameters.Add("$case", SqliteType.Text);
        var repeat = command.Parameters.Add("$repeat", SqliteType.Integer);
        var target = command.Parameters.Add("$target", SqliteType.Text);
        var pass = command.Parameters.Add("$pass", SqliteType.Integer);
        var error = command.Parameters.Add("$error", SqliteType.Text);
        var score = command.Parameters.Add("$score", SqliteType.Real);
        var latency = command.Parameters.Add("$latency", SqliteType.Real);
        var cost = command.Parameters.Add("$cost", SqliteType.Real);
        var text = command.Parameters.Add("$line", SqliteType.Text);
        command.Prepare();
        run.Value = runId;
        long count = 0;
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            no.Value = line.LineNumber;
            suite.Value = line.Suite;
            caseId.Value = line.Case;
            repeat.Value = line.Repeat;
            target.Value = line.Target;
            pass.Value = line.Pass is { } p ? (p ? 1 : 0) : DBNull.Value;
            error.Value = (object?)line.Error ?? DBNull.Value;
            score.Value = line.Score is { } s ? s : DBNull.Value;
            latency.Value = line.LatencyMs is { } l ? l : DBNull.Value;
            cost.Value = line.Cost is { } c ? c : DBNull.Value;
            text.Value = line.Json;
            command.ExecuteNonQuery();   // SQLite is in-process: the synchronous call is the fast path
            count++;
        }

        return count;
    }

    public override ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }
}
