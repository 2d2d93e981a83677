using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Plain ADO.NET commands on a connection and its transaction, in place of Dapper, whose run-time code generation Native AOT
/// cannot run. Parameters come from a bag (an anonymous object) bound by <see cref="ParameterBag{T}"/>.
/// </summary>
internal static class SqlCommands
{
    /// <summary>A command without parameters for <paramref name="sql"/> on <paramref name="connection"/>, inside <paramref name="transaction"/> when given.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>A command for <paramref name="sql"/> with one parameter per property of <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidOperationException">The SQL does not name a property of <paramref name="parameters"/>.</exception>
    /// <exception cref="NotSupportedException">A property's type is not one a column holds.</exception>
    public static DbCommand Create<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(
        DbConnection connection, DbTransaction? transaction, string sql, TParameters parameters)
        where TParameters : notnull
    {
        var command = Create(connection, transaction, sql);
        try
        {
            ParameterBag<TParameters>.Bind(command, parameters);
            return command;
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    /// <summary>Runs a statement that returns no rows; returns the number of rows it changed.</summary>
    public static async Task<int> ExecuteAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(
        DbConnection connection, DbTransaction? transaction, string sql, TParameters parameters, CancellationToken cancellationToken)
        where TParameters : notnull
    {
        var command = Create(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a statement without parameters that returns no rows; returns the number of rows it changed.</summary>
    public static Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, sql, default(NoParameters), cancellationToken);

    /// <summary>
    /// Whether <paramref name="sql"/> names parameter <paramref name="name"/> as <c>@name</c>, matched with case, as SQLite binds
    /// names, and not as the start of a longer name (<c>@id</c> is not named by <c>@idx</c>).
    /// </summary>
    public static bool NamesParameter(string sql, string name)
    {
        for (var at = sql.IndexOf('@', StringComparison.Ordinal); at >= 0; at = sql.IndexOf('@', at + 1))
        {
            var end = at + 1 + name.Length;
            if (string.CompareOrdinal(sql, at + 1, name, 0, name.Length) == 0 && (end == sql.Length || !IsNameChar(sql[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
