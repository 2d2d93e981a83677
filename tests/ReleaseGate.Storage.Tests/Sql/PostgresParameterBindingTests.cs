using System.Data.Common;
using Npgsql;

namespace ReleaseGate.Storage.Tests.Sql;

/// <summary>The binder on a real PostgreSQL (eng/postgres.sh), in a temporary table of the test's own session.</summary>
public sealed class PostgresParameterBindingTests : ParameterBindingContract
{
    protected override string CreateTable =>
        "CREATE TEMP TABLE bound (n TEXT NULL, level INTEGER NULL, at TIMESTAMPTZ NULL, content BYTEA NULL, flag BOOLEAN NULL, ratio DOUBLE PRECISION NULL)";

    protected override string SelectParameterTypes =>
        "SELECT pg_typeof(@n)::text, pg_typeof(@level)::text, pg_typeof(@at)::text, pg_typeof(@content)::text, pg_typeof(@flag)::text, pg_typeof(@ratio)::text";

    protected override string[] ExpectedParameterTypes => ["text", "integer", "timestamp with time zone", "bytea", "boolean", "double precision"];

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(PostgresServer.ConnectionString
            ?? throw new InvalidOperationException($"PostgreSQL tests need {PostgresServer.EnvironmentVariable}; run them through eng/postgres.sh."));
        await connection.OpenAsync();
        return connection;
    }
}
