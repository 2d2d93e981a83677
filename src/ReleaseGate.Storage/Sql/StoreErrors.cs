using Microsoft.Data.Sqlite;
using Npgsql;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// The one place where driver errors become domain errors (STYLE §5): unique violations, serialization failures, deadlocks and lock
/// time-outs are conflicts; foreign-key violations are missing records; the retention triggers are refused changes; connection
/// failures mean the store is unavailable.
/// </summary>
internal static class StoreErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintForeignKey = 787;
    private const int SqliteConstraintTrigger = 1811;

    /// <summary>The domain exception for <paramref name="exception"/>, or <paramref name="exception"/> itself when it is already one or not a driver error.</summary>
    public static Exception Translate(Exception exception) => exception switch
    {
        GateStoreException => exception,
        SqliteException e => Sqlite(e),
        PostgresException e => Postgres(e),
        NpgsqlException e => new GateStoreException(ErrorCodes.StoreUnavailable, StorageMessages.Unavailable(e.Message), e),
        _ => exception,
    };

    private static Exception Sqlite(SqliteException e) => e.SqliteExtendedErrorCode switch
    {
        SqliteConstraintUnique or SqliteConstraintPrimaryKey => new DuplicateRecordException(StorageMessages.Duplicate(e.Message), e),
        SqliteConstraintForeignKey => new RecordNotFoundException(StorageMessages.ForeignKey(e.Message), e),
        SqliteConstraintTrigger => new GateStoreException(ErrorCodes.StoreRetention, StorageMessages.Retention(e.Message), e),
        _ => e.SqliteErrorCode switch
        {
            SqliteBusy or SqliteLocked => new ConcurrencyConflictException(StorageMessages.Busy(e.Message), e),
            SqliteCantOpen or SqliteNotADatabase => new GateStoreException(ErrorCodes.StoreUnavailable, StorageMessages.Unavailable(e.Message), e),
            _ => e,
        },
    };

    private static Exception Postgres(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => new DuplicateRecordException(StorageMessages.Duplicate(e.MessageText + " (" + e.ConstraintName + ")"), e),
        PostgresErrorCodes.ForeignKeyViolation => new RecordNotFoundException(StorageMessages.ForeignKey(e.MessageText), e),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable =>
            new ConcurrencyConflictException(StorageMessages.Busy(e.MessageText), e),
        PostgresErrorCodes.IntegrityConstraintViolation => new GateStoreException(ErrorCodes.StoreRetention, StorageMessages.Retention(e.MessageText), e),
        _ => e,
    };
}
