using System.Data.Common;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// What the two databases share: reads, transactions and ledger verification. A subclass supplies connections, the write-lock
/// discipline, the ledger head lock and bulk insert.
/// </summary>
internal abstract partial class SqlGateStore(GateStoreOptions options) : SqlReader, IGateStore
{
    public abstract StoreKind Kind { get; }

    public GateStoreOptions Options { get; } = options;

    /// <summary>The statement that reads the ledger head inside a write transaction, locking it until commit where needed.</summary>
    public abstract string SelectLedgerHeadForAppend { get; }

    /// <summary>What a write transaction appends to a <c>SELECT</c> to hold the rows it reads until commit (empty where writers are exclusive).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// What a write transaction appends to a <c>SELECT</c> over a join to hold only the rows of the table aliased <paramref name="alias"/>
    /// until commit, skipping rows another transaction holds when <paramref name="skipLocked"/> (empty where writers are exclusive).
    /// </summary>
    public abstract string ForUpdateOf(string alias, bool skipLocked);

    /// <summary>Opens a connection ready for use (pragmas applied).</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Starts a write transaction on <paramref name="connection"/>.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Starts a read-only transaction on <paramref name="connection"/> whose reads all see one snapshot.</summary>
    public abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Bulk-inserts a run's lines; returns how many.</summary>
    public abstract Task<long> InsertLinesAsync(
        DbConnection connection, DbTransaction transaction, long runId, IAsyncEnumerable<EvidenceLine> lines, CancellationToken cancellationToken);

    /// <summary>The value stored in the ledger's time column for <paramref name="time"/>.</summary>
    public abstract object LedgerTimeValue(DateTimeOffset time);

    public TimeProvider Clock { get; private protected set; } = options.TimeProvider;

    /// <summary>Now, from <see cref="Clock"/>, truncated to what both databases keep.</summary>
    public DateTimeOffset Now() => LedgerHash.TruncateToMicroseconds(Clock.GetUtcNow());

    public async Task<IGateTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        DbConnection? connection = null;
        try
        {
            connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            return new SqlGateTransaction(this, connection, transaction);
        }
        catch (Exception e)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            var mapped = StoreErrors.Translate(e);
            if (mapped == e)
            {
                throw;
            }

            throw mapped;
        }
    }

    public async Task<LedgerVerification> VerifyLedgerAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // The walk blocks in the database client: it runs on a thread of its own, never on a thread-pool thread (a
            // server's request thread), which the batches it queues need.
            var chain = new LedgerChain();
            var (headSeq, headHash) = await Task.Factory.StartNew(
                () => WalkLedger(chain, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            var broken = await chain.FinishAsync(cancellationToken).ConfigureAwait(false);
            return chain.Result(broken ?? chain.Head(headSeq, headHash));
        }
        catch (Exception e) when (StoreErrors.Translate(e) is var mapped && mapped != e)
        {
            throw mapped;
        }
    }

    public async Task<StateVerification> VerifyStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var snapshot = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (snapshot.ConfigureAwait(false))
                {
                    return await LedgerStateWalk.RunAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (StoreErrors.Translate(e) is var mapped && mapped != e)
        {
            throw mapped;
        }
    }

    /// <summary>Reads every ledger row, in sequence order, into <paramref name="chain"/>, and the head record, in one snapshot.</summary>
    private protected abstract (long? Seq, string? Hash) WalkLedger(LedgerChain chain, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private protected override async ValueTask<Lease> LeaseAsync(CancellationToken cancellationToken) =>
        new(await OpenConnectionAsync(cancellationToken).ConfigureAwait(false), null, owns: true);
}
