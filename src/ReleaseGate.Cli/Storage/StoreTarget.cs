using System.CommandLine;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Storage;

namespace ReleaseGate.Cli.Storage;

/// <summary>The <c>--db</c> option the storage verbs share: a SQLite path or a PostgreSQL connection string, else <c>RELEASEGATE_DB</c>.</summary>
internal static class StoreTarget
{
    public static Option<string?> CreateOption() => new("--db")
    {
        Description = $"The database: a SQLite file path or a PostgreSQL connection string (Host=…;Database=…). Defaults to ${GateStore.EnvironmentVariable}.",
    };

    /// <summary>The database string to open, or null after writing an RG1508 error when none is given.</summary>
    public static string? Resolve(string? option, TextWriter stderr)
    {
        var database = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(GateStore.EnvironmentVariable) : option;
        if (string.IsNullOrWhiteSpace(database))
        {
            stderr.WriteLine($"releasegate: {ErrorCodes.StoreNotConfigured}: no database given; pass --db PATH (a SQLite file) or --db \"Host=…;Database=…\" (PostgreSQL), or set {GateStore.EnvironmentVariable}.");
            return null;
        }

        return database;
    }

    /// <summary>Writes a store failure as <c>releasegate: RGnnnn: message</c>.</summary>
    public static void WriteError(GateStoreException error, TextWriter stderr) => stderr.WriteLine($"releasegate: {error.Code}: {error.Message}");
}
