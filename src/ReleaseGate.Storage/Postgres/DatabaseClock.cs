using Npgsql;

namespace ReleaseGate.Storage.Postgres;

/// <summary>
/// PostgreSQL's clock, as every instance sharing the database sees it: read with <c>clock_timestamp()</c> at open and then every
/// <see cref="Refresh"/>, and carried between reads by the local monotonic timer — never by the local wall clock, so an instance
/// whose wall clock is days off agrees with the others to within a network round trip.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
internal sealed class DatabaseClock : TimeProvider
{
    /// <summary>How often the database clock is read again, to follow adjustments of the database server's own clock.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _local;
    private Anchor _anchor;
    private int _refreshing;

    private DatabaseClock(NpgsqlDataSource dataSource, TimeProvider local, Anchor anchor)
    {
        _dataSource = dataSource;
        _local = local;
        _anchor = anchor;
    }

    public static async Task<DatabaseClock> StartAsync(NpgsqlDataSource dataSource, TimeProvider local, CancellationToken cancellationToken) =>
        new(dataSource, local, await ReadAsync(dataSource, local, cancellationToken).ConfigureAwait(false));

    public override DateTimeOffset GetUtcNow()
    {
        var anchor = Volatile.Read(ref _anchor);
        var elapsed = _local.GetElapsedTime(anchor.Timestamp);
        if (elapsed >= Refresh && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshAsync();
        }

        return anchor.Time + elapsed;
    }

    public override long GetTimestamp() => _local.GetTimestamp();

    public override long TimestampFrequency => _local.TimestampFrequency;

    private async Task RefreshAsync()
    {
        try
        {
            Volatile.Write(ref _anchor, await ReadAsync(_dataSource, _local, CancellationToken.None).ConfigureAwait(false));
        }
        catch (NpgsqlException)
        {
            // The database is unreachable for now: keep carrying the last reading; the next call tries again.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    /// <summary>Reads the database's clock and pairs it with the local timestamp half-way through the round trip.</summary>
    private static async Task<Anchor> ReadAsync(NpgsqlDataSource dataSource, TimeProvider local, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT clock_timestamp()");
        var before = local.GetTimestamp();
        var time = (DateTime)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        var after = local.GetTimestamp();
        var half = (after - before) / 2;
        return new Anchor(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)), before + half);
    }

    private sealed record Anchor(DateTimeOffset Time, long Timestamp);
}
