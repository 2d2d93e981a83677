using System.Data.Common;
using ReleaseGate.Storage.Sql;
using Xunit;

namespace ReleaseGate.Storage.Tests.Sql;

/// <summary>
/// The parameter binder that replaced Dapper, on both databases: values reach the database as Dapper sent them (null as a typed
/// NULL, an enum as its integer, a <see cref="DateTimeOffset"/> as timestamptz or SQLite's text form, bytes as a blob), and a
/// bag the SQL does not match is rejected the same way on both.
/// </summary>
public abstract class ParameterBindingContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Moment = new(2026, 11, 26, 9, 30, 0, 123, 456, TimeSpan.Zero);

    private DbConnection _connection = null!;

    /// <summary>How the table <c>bound</c> is declared: n text NULL, level integer, at a timestamp, content bytes, flag a boolean, ratio a double.</summary>
    protected abstract string CreateTable { get; }

    /// <summary>What the database says the types of <c>@n</c>, <c>@level</c>, <c>@at</c>, <c>@content</c>, <c>@flag</c> and <c>@ratio</c> are.</summary>
    protected abstract string SelectParameterTypes { get; }

    /// <summary>The type names <see cref="SelectParameterTypes"/> returns for the bag used here, in order.</summary>
    protected abstract string[] ExpectedParameterTypes { get; }

    protected abstract Task<DbConnection> OpenAsync();

    private enum Level
    {
        Low = 1,
        High = 3,
    }

    public async Task InitializeAsync()
    {
        _connection = await OpenAsync();
        await SqlCommands.ExecuteAsync(_connection, null, CreateTable, CancellationToken.None);
    }

    public Task DisposeAsync() => _connection.DisposeAsync().AsTask();

    [StoreFact]
    public async Task Null_enum_time_bytes_bool_and_double_round_trip()
    {
        byte[] content = [0, 1, 127, 128, 255];
        var inserted = await SqlCommands.ExecuteAsync(
            _connection, null, "INSERT INTO bound (n, level, at, content, flag, ratio) VALUES (@n, @level, @at, @content, @flag, @ratio)",
            new { n = (string?)null, level = Level.High, at = Moment, content, flag = true, ratio = 0.25 }, CancellationToken.None);
        Assert.Equal(1, inserted);

        await using var command = SqlCommands.Create(_connection, null, "SELECT n, level, at, content, flag, ratio FROM bound");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.IsDBNull(0));
        Assert.Equal(3L, Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Moment, Rows.Time(reader, 2));
        Assert.Equal(content, reader.GetFieldValue<byte[]>(3));
        Assert.True(reader.GetBoolean(4));
        Assert.Equal(0.25, reader.GetDouble(5));
        Assert.False(await reader.ReadAsync());
    }

    [StoreFact]
    public async Task Parameters_reach_the_database_with_the_types_Dapper_gave_them()
    {
        await using var command = SqlCommands.Create(
            _connection, null, SelectParameterTypes,
            new { n = (string?)null, level = Level.Low, at = Moment, content = new byte[] { 1 }, flag = false, ratio = 1.5 });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(ExpectedParameterTypes, Enumerable.Range(0, reader.FieldCount).Select(reader.GetString));
    }

    [StoreFact]
    public async Task A_property_the_sql_does_not_name_is_rejected_before_the_database_sees_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqlCommands.ExecuteAsync(
            _connection, null, "INSERT INTO bound (level) VALUES (@level)", new { level = 1, levels = 2 }, CancellationToken.None));
        Assert.Equal(
            "the parameters have a property 'levels' that the SQL does not name as @levels: INSERT INTO bound (level) VALUES (@level). " +
            "Name it in the SQL or drop the property.",
            error.Message);
        Assert.Equal(0L, await CountAsync());
    }

    [StoreFact]
    public async Task A_list_is_not_expanded_but_rejected()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => SqlCommands.ExecuteAsync(
            _connection, null, "SELECT level FROM bound WHERE level IN @levels", new { levels = new[] { 1, 3 } }, CancellationToken.None));
        Assert.Contains("parameter 'levels' is of type Int32[]", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_cancelled_token_stops_the_command()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqlCommands.ExecuteAsync(
            _connection, null, "INSERT INTO bound (level) VALUES (@level)", new { level = 1 }, cancelled.Token));
        Assert.Equal(0L, await CountAsync());
    }

    private async Task<long> CountAsync()
    {
        await using var command = SqlCommands.Create(_connection, null, "SELECT COUNT(*) FROM bound");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
