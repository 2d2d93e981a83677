namespace ReleaseGate.Storage;

/// <summary>Where a store's times — stored times, decision times, expiries — come from.</summary>
public enum StoreClock
{
    /// <summary>
    /// The clock every instance sharing the database agrees on. PostgreSQL: the database server's clock, read at open and every
    /// minute, and carried between reads by the local monotonic timer, so that an instance whose wall clock is wrong still
    /// agrees with the others. SQLite (one file on one machine): the local clock.
    /// </summary>
    Database,

    /// <summary>The local clock (<see cref="GateStoreOptions.TimeProvider"/>) as it is: for tests that drive time themselves.</summary>
    Local,
}
