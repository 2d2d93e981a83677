using Npgsql;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// The PostgreSQL server of the multi-instance tests: <c>RELEASEGATE_TEST_POSTGRES</c>, which eng/test.sh sets by starting a
/// throwaway cluster. Without it the tests skip locally, and fail on CI (CI=true), never silently pass.
/// </summary>
internal static class ServerPostgres
{
    public const string Variable = "RELEASEGATE_TEST_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set; run eng/test.sh, which starts a throwaway PostgreSQL.");
        var name = "rg_server_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }
}

/// <summary>A fact that needs PostgreSQL: skipped without <c>RELEASEGATE_TEST_POSTGRES</c>, except on CI where it runs and fails.</summary>
internal sealed class ServerPostgresFactAttribute : FactAttribute
{
    public ServerPostgresFactAttribute()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (ServerPostgres.Server is null && !onCi)
        {
            Skip = $"needs PostgreSQL: set {ServerPostgres.Variable} or run eng/test.sh";
        }
    }
}
