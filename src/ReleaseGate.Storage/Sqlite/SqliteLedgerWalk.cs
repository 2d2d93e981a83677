using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using ReleaseGate.Storage.Sql;

namespace ReleaseGate.Storage.Sqlite;

/// <summary>
/// Reads the whole ledger for <c>audit verify</c> straight from SQLite's C API, on a connection of its own.
/// </summary>
/// <remarks>
/// This is the one hot loop that bypasses Microsoft.Data.Sqlite and SQLitePCL: a million rows × nine calls made their
/// per-call costs (a SafeHandle add-ref and release, a GC transition, the connection mutex of a serialized-mode handle) about
/// half of the walk. Here the connection is opened with <c>SQLITE_OPEN_NOMUTEX</c> (it never leaves its thread) and the column
/// accessors skip the GC transition (they neither block nor call back). The library is the same <c>e_sqlite3</c> that
/// SQLitePCL loads. (Memory-mapping the file was measured too: slower, and it counts the whole file in the process's RSS.)
/// </remarks>
internal static unsafe partial class SqliteLedgerWalk
{
    private const string Library = "e_sqlite3";
    private const int OpenReadWrite = 0x00000002;
    private const int OpenNoMutex = 0x00008000;
    private const int Ok = 0;
    private const int RowReady = 100;
    private const int Done = 101;

    // Below this many rows one reader is fast enough; above it, with more than one core, the ledger is read in two halves.
    private const long SplitAbove = 100_000;

    /// <summary>Walks every ledger row into <paramref name="chain"/> and returns the head record's sequence number and hash.</summary>
    /// <remarks>
    /// A large ledger is read as two segments on two connections and two threads: the first half in the snapshot that also
    /// reads the head and the sequence range, the second half bounded by that range, so rows appended after the first snapshot
    /// are not read and both halves see the same rows (ledger rows are never updated or deleted: triggers refuse it).
    /// </remarks>
    public static (long? Seq, string? Hash) Walk(string path, int busyTimeoutMs, LedgerChain chain, CancellationToken cancellationToken)
    {
        var db = Open(path, busyTimeoutMs);
        try
        {
            Exec(db, "BEGIN");
            try
            {
                var head = ReadHead(db);
                var (min, max) = ReadRange(db);
                if (max - min < SplitAbove || Environment.ProcessorCount < 2)
                {
                    ReadLedger(db, "SELECT seq, time, actor, type, subject, payload, prev_hash, hash FROM ledger ORDER BY seq", chain.Start(), cancellationToken);
                    return head;
                }

                var middle = min + ((max - min) / 2);
                var first = chain.Start();
                var second = chain.Start();
                var secondHalf = Task.Factory.StartNew(
                    () => WalkPart(path, busyTimeoutMs, $"seq > {middle} AND seq <= {max}", second, cancellationToken),
                    cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                try
                {
                    ReadLedger(db, $"SELECT seq, time, actor, type, subject, payload, prev_hash, hash FROM ledger WHERE seq <= {middle} ORDER BY seq", first, cancellationToken);
                }
                finally
                {
                    secondHalf.GetAwaiter().GetResult();
                }

                return head;
            }
            finally
            {
                Exec(db, "COMMIT");
            }
        }
        finally
        {
            _ = Close(db);
        }
    }

    private static void WalkPart(string path, int busyTimeoutMs, string where, LedgerChain.Segment segment, CancellationToken cancellationToken)
    {
        var db = Open(path, busyTimeoutMs);
        try
        {
            Exec(db, "BEGIN");
            try
            {
                ReadLedger(db, $"SELECT seq, time, actor, type, subject, payload, prev_hash, hash FROM ledger WHERE {where} ORDER BY seq", segment, cancellationToken);
            }
            finally
            {
                Exec(db, "COMMIT");
            }
        }
        finally
        {
            _ = Close(db);
        }
    }

    private static nint Open(string path, int busyTimeoutMs)
    {
        // Read-write without create, like the store's own connections: a read-only handle cannot open a WAL database whose
        // shared-memory file is absent. Nothing is written (query_only).
        var result = OpenV2(path, out var db, OpenReadWrite | OpenNoMutex, 0);
        try
        {
            Check(db, result);
            Exec(db, $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA query_only = 1");
            return db;
        }
        catch
        {
            _ = Close(db);
            throw;
        }
    }

    private static void ReadLedger(nint db, string sql, LedgerChain.Segment segment, CancellationToken cancellationToken)
    {
        var statement = Prepare(db, sql);
        try
        {
            int step;
            while ((step = Step(statement)) == RowReady)
            {
                if (!segment.Add(ColumnInt64(statement, 0), Column(statement, 1), Column(statement, 2), Column(statement, 3), Column(statement, 4),
                        Column(statement, 5), Column(statement, 6), Column(statement, 7)))
                {
                    return;
                }

                if ((segment.Read & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            if (step != Done)
            {
                Check(db, step);
            }
        }
        finally
        {
            _ = Finalize(statement);
        }
    }

    private static (long Min, long Max) ReadRange(nint db)
    {
        var statement = Prepare(db, "SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM ledger");
        try
        {
            var step = Step(statement);
            if (step != RowReady)
            {
                Check(db, step);
            }

            return (ColumnInt64(statement, 0), ColumnInt64(statement, 1));
        }
        finally
        {
            _ = Finalize(statement);
        }
    }

    private static (long? Seq, string? Hash) ReadHead(nint db)
    {
        var statement = Prepare(db, "SELECT seq, hash FROM ledger_head WHERE id = 1");
        try
        {
            var step = Step(statement);
            if (step == RowReady)
            {
                return (ColumnInt64(statement, 0), System.Text.Encoding.UTF8.GetString(Column(statement, 1)));
            }

            if (step != Done)
            {
                Check(db, step);
            }

            return (null, null);
        }
        finally
        {
            _ = Finalize(statement);
        }
    }

    // The blob accessor returns a text column's stored UTF-8 bytes as they are (the database encoding is UTF-8); the pointer
    // stays valid until the next step. sqlite3_column_bytes must follow sqlite3_column_blob.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Column(nint statement, int index)
    {
        var pointer = ColumnBlob(statement, index);
        return new ReadOnlySpan<byte>(pointer, ColumnBytes(statement, index));
    }

    private static nint Prepare(nint db, string sql)
    {
        Check(db, PrepareV2(db, sql, -1, out var statement, 0));
        return statement;
    }

    private static void Exec(nint db, string sql) => Check(db, ExecSql(db, sql, 0, 0, 0));

    private static void Check(nint db, int result)
    {
        if (result != Ok)
        {
            var message = db == 0 ? $"SQLite error {result}" : Marshal.PtrToStringUTF8(ErrorMessage(db)) ?? $"SQLite error {result}";
            throw new SqliteException(message, result & 0xFF, result);
        }
    }

    [LibraryImport(Library, EntryPoint = "sqlite3_open_v2", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenV2(string filename, out nint db, int flags, nint vfs);

    [LibraryImport(Library, EntryPoint = "sqlite3_close_v2")]
    private static partial int Close(nint db);

    [LibraryImport(Library, EntryPoint = "sqlite3_exec", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecSql(nint db, string sql, nint callback, nint argument, nint errorMessage);

    [LibraryImport(Library, EntryPoint = "sqlite3_prepare_v2", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int PrepareV2(nint db, string sql, int length, out nint statement, nint tail);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    private static partial int Step(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_finalize")]
    private static partial int Finalize(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_errmsg")]
    private static partial nint ErrorMessage(nint db);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    private static partial long ColumnInt64(nint statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition]
    private static partial byte* ColumnBlob(nint statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    private static partial int ColumnBytes(nint statement, int index);
}
