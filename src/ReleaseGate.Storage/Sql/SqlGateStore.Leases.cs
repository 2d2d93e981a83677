using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Scheduler leases: each call is one statement in a short transaction of its own. The upsert decides atomically on both databases
/// (on PostgreSQL a concurrent insert of the same name waits for the other transaction, then re-checks the row it finds).
/// </summary>
internal abstract partial class SqlGateStore
{
    public async Task<SchedulerLease?> TryAcquireLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = Now();
        var expires = LedgerHash.TruncateToMicroseconds(now + duration);
        return await InOwnTransactionAsync(
            "INSERT INTO scheduler_leases (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expires) " +
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, " +
            "acquired_at = CASE WHEN scheduler_leases.holder = excluded.holder THEN scheduler_leases.acquired_at ELSE excluded.acquired_at END " +
            $"WHERE scheduler_leases.holder = excluded.holder OR scheduler_leases.expires_at <= @now RETURNING {OperationsSql.LeaseColumns}",
            new { name, holder, now, expires }, async command =>
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? OperationsSql.Lease(reader) : null;
                }
            }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(holder);
        return await InOwnTransactionAsync(
            "UPDATE scheduler_leases SET expires_at = @now WHERE name = @name AND holder = @holder AND expires_at > @now",
            new { name, holder, now = Now() },
            async command => (object)(await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0), cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>Runs one statement in a write transaction of its own and commits.</summary>
    private async Task<T?> InOwnTransactionAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters, T>(
        string sql, TParameters parameters, Func<DbCommand, Task<T?>> run, CancellationToken cancellationToken)
        where TParameters : notnull
        where T : class
    {
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    T? result;
                    var command = SqlCommands.Create(connection, transaction, sql, parameters);
                    await using (command.ConfigureAwait(false))
                    {
                        result = await run(command).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        catch (Exception e) when (StoreErrors.Translate(e) is var mapped && mapped != e)
        {
            throw mapped;
        }
    }
}
