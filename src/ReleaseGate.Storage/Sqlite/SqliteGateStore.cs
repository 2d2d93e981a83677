using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Storage.Migrations;
using ReleaseGate.Storage.Sql;
using SQLitePCL;

namespace ReleaseGate.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers never wait for the writer), <c>synchronous=FULL</c> so a commit
/// survives a crash, foreign keys on. Write transactions are <c>BEGIN IMMEDIATE</c>: writers queue for the busy timeout
/// instead of failing half-way.
/// </summary>
internal sealed class SqliteGateStore : SqlGateStore
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly string _pragmas;

    private SqliteGateStore(GateStoreOptions options, string connectionString)
        : base(options)
    {
        _connectionString = connectionString;
        _path = options.Database;
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    }

    public override StoreKind Kind => StoreKind.Sqlite;

    /// <summary>Whether <c>audit verify</c> reads through SQLite's C API (<see cref="SqliteLedgerWalk"/>); tests turn it off to check the other path.</summary>
    internal bool NativeLedgerWalk { get; set; } = true;

    public override string ForUpdate => "";

    public override string ForUpdateOf(string alias, bool skipLocked) => "";

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

        if (!options.Migrate && !File.Exists(options.Database))
        {
            // A read-only open must not leave an empty database file behind.
            throw new GateStoreException(ErrorCodes.StoreUnavailable, StorageMessages.Unavailable($"{options.Database} does not exist"));
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

    // A deferred transaction takes no lock; in WAL mode its first read fixes the snapshot every later read sees.
    public override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override object LedgerTimeValue(DateTimeOffset time) => LedgerHash.FormatTime(time);

    public override async Task<long> InsertLinesAsync(
        DbConnection connection, DbTransaction transaction, long runId, IAsyncEnumerable<EvidenceLine> lines, CancellationToken cancellationToken)
    {
        // One prepared statement stepped per line through SQLitePCL's raw API, with text bound as UTF-8 spans from a reused
        // buffer: ADO.NET's per-execution overhead dominates the ingest (docs/benchmarks.md, storage-ingest). Same connection, same transaction.
        var db = ((SqliteConnection)connection).Handle!;
        Check(db, raw.sqlite3_prepare_v2(db,
            "INSERT INTO result_lines (run_id, line_no, suite, case_id, repeat, target, pass, error, score, latency_ms, cost, line) " +
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", out var statement));
        long count = 0;
        var buffer = new byte[4096];
        try
        {
            await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                raw.sqlite3_bind_int64(statement, 1, runId);
                raw.sqlite3_bind_int64(statement, 2, line.LineNumber);
                BindText(statement, 3, line.Suite, ref buffer);
                BindText(statement, 4, line.Case, ref buffer);
                raw.sqlite3_bind_int(statement, 5, line.Repeat);
                BindText(statement, 6, line.Target, ref buffer);
                if (line.Pass is { } pass)
                {
                    raw.sqlite3_bind_int(statement, 7, pass ? 1 : 0);
                }
                else
                {
                    raw.sqlite3_bind_null(statement, 7);
                }

                BindText(statement, 8, line.Error, ref buffer);
                BindDouble(statement, 9, line.Score);
                BindDouble(statement, 10, line.LatencyMs);
                BindDouble(statement, 11, line.Cost);
                BindText(statement, 12, line.Json, ref buffer);
                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(db, step);
                }

                raw.sqlite3_reset(statement);
                count++;
            }
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }

        return count;
    }

    // SQLite copies bound text before sqlite3_step returns (SQLITE_TRANSIENT), so one buffer serves every column in turn.
    private static void BindText(sqlite3_stmt statement, int index, string? value, ref byte[] buffer)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, index);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > buffer.Length)
        {
            buffer = new byte[Math.Max(max, buffer.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, buffer);
        raw.sqlite3_bind_text(statement, index, new ReadOnlySpan<byte>(buffer, 0, length));
    }

    private static void BindDouble(sqlite3_stmt statement, int index, double? value)
    {
        if (value is { } v)
        {
            raw.sqlite3_bind_double(statement, index, v);
        }
        else
        {
            raw.sqlite3_bind_null(statement, index);
        }
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result, raw.sqlite3_extended_errcode(db));
        }
    }

    /// <summary>
    /// Walks the ledger on connections of its own through SQLite's C API (<see cref="SqliteLedgerWalk"/>): ledger and head in one
    /// snapshot, each column's stored UTF-8 bytes handed to the chain without copying them into strings. Where that path is not
    /// available (another SQLite provider), through Microsoft.Data.Sqlite.
    /// </summary>
    private protected override (long? Seq, string? Hash) WalkLedger(LedgerChain chain, CancellationToken cancellationToken) =>
        NativeLedgerWalk && SqliteLedgerWalk.IsAvailable
            ? SqliteLedgerWalk.Walk(_path, (long)Options.BusyTimeout.TotalMilliseconds, chain, cancellationToken)
            : WalkThroughAdo(chain, cancellationToken);

    private (long? Seq, string? Hash) WalkThroughAdo(LedgerChain chain, CancellationToken cancellationToken)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var snapshot = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = "SELECT seq, time, actor, type, subject, payload, prev_hash, hash FROM ledger ORDER BY seq";
        var segment = chain.Start();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!segment.Add(reader.GetInt64(0), Bytes(reader, 1), Bytes(reader, 2), Bytes(reader, 3), Bytes(reader, 4), Bytes(reader, 5), Bytes(reader, 6), Bytes(reader, 7)))
                {
                    break;
                }

                if ((segment.Read & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        command.CommandText = "SELECT seq, hash FROM ledger_head WHERE id = 1";
        using var head = command.ExecuteReader();
        return head.Read() ? (head.GetInt64(0), head.GetString(1)) : (null, null);

        // A text column read as a blob: its stored UTF-8 bytes.
        static byte[] Bytes(SqliteDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);
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
