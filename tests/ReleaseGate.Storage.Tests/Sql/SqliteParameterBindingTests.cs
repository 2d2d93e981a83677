using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ReleaseGate.Storage.Tests.Sql;

/// <summary>The binder on SQLite, in memory.</summary>
public sealed class SqliteParameterBindingTests : ParameterBindingContract
{
    protected override string CreateTable =>
        "CREATE TABLE bound (n TEXT NULL, level INTEGER NULL, at TEXT NULL, content BLOB NULL, flag INTEGER NULL, ratio REAL NULL)";

    // Microsoft.Data.Sqlite writes a DateTimeOffset as text, as it did under Dapper (the store's own columns rely on it).
    protected override string SelectParameterTypes =>
        "SELECT typeof(@n), typeof(@level), typeof(@at), typeof(@content), typeof(@flag), typeof(@ratio), @at";

    protected override string[] ExpectedParameterTypes => ["null", "integer", "text", "blob", "integer", "real", "2026-11-26 09:30:00.123456+00:00"];

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        return connection;
    }
}
