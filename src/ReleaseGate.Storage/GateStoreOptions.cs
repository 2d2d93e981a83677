namespace ReleaseGate.Storage;

/// <summary>How to open a store.</summary>
public sealed class GateStoreOptions
{
    /// <summary>A SQLite file path, or a PostgreSQL connection string (<c>Host=…;Database=…</c> or a <c>postgres://</c> URI).</summary>
    public required string Database { get; init; }

    /// <summary>The local clock. Defaults to the system clock. With <see cref="Clock"/> <see cref="StoreClock.Database"/> on PostgreSQL only its monotonic timer is used.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the store's times come from (<see cref="IGateStore.Clock"/>): the database's shared clock by default.</summary>
    public StoreClock Clock { get; init; } = StoreClock.Database;

    /// <summary>Applies pending migrations on open (under a lock). When false, a database that is not current is refused.</summary>
    public bool Migrate { get; init; } = true;

    /// <summary>How long a SQLite writer waits for the write lock before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
