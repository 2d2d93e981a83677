using System.Globalization;
using CsCheck;
using Microsoft.Data.Sqlite;
using ReleaseGate.Storage.Sql;
using Xunit;

namespace ReleaseGate.Storage.Tests.Sql;

/// <summary>The quick reader of SQLite's time text reads every time as the general parser does, and leaves every other text to it.</summary>
public sealed class TextTimeTests
{
    [Fact]
    public void Every_time_SQLite_is_given_reads_back_as_the_general_parser_reads_it()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks].Select(t => new DateTimeOffset(t, TimeSpan.Zero))
            .Sample(time =>
            {
                // The text exactly as Microsoft.Data.Sqlite writes a bound DateTimeOffset.
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT @at";
                command.Parameters.AddWithValue("at", time);
                var text = (string)command.ExecuteScalar()!;
                Assert.True(TextTime.TryParseUtc(text, out var parsed), text);
                Assert.Equal(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUniversalTime(), parsed);
                Assert.Equal(time, parsed);
                Assert.Equal(TimeSpan.Zero, parsed.Offset);
            }, iter: 2_000, threads: 1);   // one connection, which is not for several threads at once
    }

    [Theory]
    [InlineData("2026-11-26 09:30:00.1234567+00:00", 1234567)]
    [InlineData("2026-11-26 09:30:00.5+00:00", 5000000)]
    [InlineData("2026-11-26 09:30:00+00:00", 0)]
    public void Fractions_of_any_length_read_as_ticks(string text, int ticks)
    {
        Assert.True(TextTime.TryParseUtc(text, out var parsed));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero).AddTicks(ticks), parsed);
    }

    [Theory]
    [InlineData("2026-11-26T09:30:00.000000Z")]
    [InlineData("2026-11-26 09:30:00+01:00")]
    [InlineData("2026-11-26 09:30:00.+00:00")]
    [InlineData("2026-11-26 09:30:00.12345678+00:00")]
    [InlineData("2026-02-30 09:30:00+00:00")]
    [InlineData("2026-11-26 24:00:00+00:00")]
    [InlineData("2026-1x-26 09:30:00+00:00")]
    [InlineData("0000-01-01 00:00:00+00:00")]
    [InlineData("")]
    public void Other_text_is_left_to_the_general_parser(string text) => Assert.False(TextTime.TryParseUtc(text, out _));
}
