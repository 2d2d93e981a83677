using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using ReleaseGate.Storage.Sql;

namespace ReleaseGate.Storage.Sqlite;

/// <summary>
/// Reads the whole ledger for <c>audit verify</c> straight from SQLite's C API, on a connection of its own.
/// </summary>
/// <remarks>
/// This is the one hot loop that bypasses Microsoft.Data.Sqlite and SQLitePCL: with nine calls a row, their per-call costs (a
/// SafeHandle add-ref and release, a GC transition, the connection mutex of a serialized-mode handle) dominate the walk
/// (docs/benchmarks.md, audit-verify). Here the connection is opened with <c>SQLITE_OPEN_NOMUTEX</c> (it never leaves its thread) and the column
/// accessors skip the GC transition (they neither block nor call back). The library is the same <c>e_sqlite3</c> that
/// SQLitePCL loads.
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
    internal const long SplitAbove = 100_000;

    private const string SelectRows = "SELECT seq, time, actor, type, subject, payload, prev_hash, hash FROM ledger";

    /// <summary>
    /// Whether this path can be used: the SQLite library SQLitePCL loaded is <c>e_sqlite3</c>, the one this class binds to.
    /// With another provider a second SQLite copy would open the same file in the process (SQLite warns that one copy's
    /// closing then drops the other's locks), so the store walks through Microsoft.Data.Sqlite instead. Read after the store has
    /// opened a connection (which sets SQLitePCL's provider).
    /// </summary>
    public static bool IsAvailable { get; } = string.Equals(SQLitePCL.raw.GetNativeLibraryName(), Library, StringComparison.Ordinal);

    /// <summary>Walks every ledger row into <paramref name="chain"/> and returns the head record's sequence number and hash.</summary>
    /// <remarks>
    /// A large ledger is read as two segments on two connections and two threads, in one snapshot: the second connection
    /// opens the first one's (<c>sqlite3_snapshot_get</c> / <c>sqlite3_snapshot_open</c>, WAL mode), which stays valid while
    /// the first one's read transaction is open. A failure in either half cancels the other.
    /// </remarks>
    public static (long? Seq, string? Hash) Walk(string path, long busyTimeoutMs, LedgerChain chain, CancellationToken cancellationToken)
    {
        var db = Open(path, busyTimeoutMs);
        try
        {
            Exec(db, "BEGIN");
            try
            {
                var head = ReadHead(db);
                var (min, max) = ReadRange(db);
                // Sequence numbers start at 1; anything below (a tampered row) is read in one piece, and max - min cannot overflow.
                if (min < 1 || max - min < SplitAbove || Environment.ProcessorCount < 2 || SnapshotGet(db, "main", out var snapshot) != Ok)
                {
                    ReadLedger(db, SelectRows + " ORDER BY seq", chain.Start(), cancellationToken);
                    return head;
                }

                try
                {
                    ReadHalves(path, busyTimeoutMs, db, snapshot, min + ((max - min) / 2), chain, cancellationToken);
                }
                finally
                {
                    SnapshotFree(snapshot);
                }

                return head;
            }
            finally
            {
                // A read transaction: ending it cannot lose anything, and a failure here must not hide the walk's own.
                _ = ExecSql(db, "ROLLBACK", 0, 0, 0);
            }
        }
        finally
        {
            _ = Close(db);
        }
    }

    private static void ReadHalves(string path, long busyTimeoutMs, nint db, nint snapshot, long middle, LedgerChain chain, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = chain.Start();
        var second = chain.Start();
        var secondSql = Invariant($"{SelectRows} WHERE seq > {middle} ORDER BY seq");
        var secondHalf = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    return WalkInSnapshot(path, busyTimeoutMs, snapshot, secondSql, second, failed.Token);
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            ReadLedger(db, Invariant($"{SelectRows} WHERE seq <= {middle} ORDER BY seq"), first, failed.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped because the other half failed: its error is the one to report.
            secondHalf.GetAwaiter().GetResult();
            throw;
        }
        catch
        {
            failed.Cancel();
            WaitQuietly(secondHalf);
            throw;
        }

        if (!secondHalf.GetAwaiter().GetResult())
        {
            // The snapshot could not be shared: this connection reads the second half too, in its own snapshot.
            ReadLedger(db, secondSql, second, cancellationToken);
        }
    }

    private static void WaitQuietly(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // The first failure is the one reported; this half was cancelled because of it.
        }
    }

    /// <summary>Reads rows in the snapshot of another connection; false, having read nothing, when the snapshot cannot be opened.</summary>
    private static bool WalkInSnapshot(string path, long busyTimeoutMs, nint snapshot, string sql, LedgerChain.Segment segment, CancellationToken cancellationToken)
    {
        var db = Open(path, busyTimeoutMs);
        try
        {
            // A new connection must have read the file once to know it is in WAL mode, or opening a snapshot fails.
            Exec(db, "PRAGMA application_id");
            Exec(db, "BEGIN");
            try
            {
                if (SnapshotOpen(db, "main", snapshot) != Ok)
                {
                    return false;
                }

                ReadLedger(db, sql, segment, cancellationToken);
                return true;
            }
            finally
            {
                _ = ExecSql(db, "ROLLBACK", 0, 0, 0);
            }
        }
        finally
        {
            _ = Close(db);
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static nint Open(string path, long busyTimeoutMs)
    {
        // Read-write without create, like the store's own connections: a read-only handle cannot open a WAL database whose
        // shared-memory file is absent. Nothing is written (query_only).
        var result = OpenV2(path, out var db, OpenReadWrite | OpenNoMutex, 0);
        try
        {
            Check(db, result);
            Exec(db, Invariant($"PRAGMA busy_timeout = {Math.Clamp(busyTimeoutMs, 0, int.MaxValue)}; PRAGMA query_only = 1"));
            return db;
        }
        catch
        {
            _ = Close(db);
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [LibraryImport(Library, EntryPoint = "sqlite3_snapshot_get", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SnapshotGet(nint db, string schema, out nint snapshot);

    [LibraryImport(Library, EntryPoint = "sqlite3_snapshot_open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SnapshotOpen(nint db, string schema, nint snapshot);

    [LibraryImport(Library, EntryPoint = "sqlite3_snapshot_free")]
    private static partial void SnapshotFree(nint snapshot);

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
