namespace ReleaseGate.Storage;

/// <summary>Which database a store runs on.</summary>
public enum StoreKind
{
    /// <summary>One SQLite file in WAL mode: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, for teams and several server instances.</summary>
    Postgres,
}
