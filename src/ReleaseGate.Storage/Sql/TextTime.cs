namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Reads the text SQLite holds a time as (<c>yyyy-MM-dd HH:mm:ss[.fffffff]+00:00</c>, the form Microsoft.Data.Sqlite writes a UTC
/// <see cref="DateTimeOffset"/> in) without the general parser, which dominates reading a bank of many cases; anything else is left
/// to the general parser.
/// </summary>
internal static class TextTime
{
    /// <summary>The UTC time <paramref name="text"/> holds, when it has exactly that shape.</summary>
    public static bool TryParseUtc(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 25 || !text.EndsWith("+00:00", StringComparison.Ordinal)
            || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        var fraction = text[19..^6];
        var ticks = 0;
        if (fraction.Length > 0)
        {
            if (fraction.Length < 2 || fraction.Length > 8 || fraction[0] != '.' || !Digits(fraction, 1, fraction.Length - 1, out ticks))
            {
                return false;
            }

            for (var i = fraction.Length - 1; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || year < 1 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks));
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        foreach (var c in text.Slice(start, count))
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
