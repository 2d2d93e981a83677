using System.Data.Common;

namespace ReleaseGate.Storage.Sql;

/// <summary>A connection (and transaction) borrowed for one operation; closes the connection if it owns it.</summary>
internal readonly struct Lease(DbConnection connection, DbTransaction? transaction, bool owns) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    public ValueTask DisposeAsync() => owns ? Connection.DisposeAsync() : ValueTask.CompletedTask;
}
