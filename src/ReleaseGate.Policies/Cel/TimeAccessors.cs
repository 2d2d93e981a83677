using System.Globalization;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// The accessors of timestamps (<c>getFullYear</c>, <c>getMonth</c> — 0-based, <c>getDate</c> — 1-based,
/// <c>getDayOfMonth</c> and <c>getDayOfYear</c> — 0-based, <c>getDayOfWeek</c> — 0 is Sunday, <c>getHours</c>,
/// <c>getMinutes</c>, <c>getSeconds</c>, <c>getMilliseconds</c>), in UTC or in a time zone given as an IANA name or a
/// <c>±HH:MM</c> offset; and of durations (<c>getHours</c>, <c>getMinutes</c>, <c>getSeconds</c> — whole units in
/// total, <c>getMilliseconds</c> — the milliseconds within the second).
/// </summary>
internal static class TimeAccessors
{
    public static readonly string[] Names =
    [
        "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours", "getMinutes", "getSeconds", "getMilliseconds",
    ];

    public static object? Get(string name, object? value, object? zone)
    {
        if (value is TimeSpan d && zone is null)
        {
            return name switch
            {
                "getHours" => CelValues.Int((long)d.TotalHours),
                "getMinutes" => CelValues.Int((long)d.TotalMinutes),
                "getSeconds" => CelValues.Int((long)d.TotalSeconds),
                "getMilliseconds" => CelValues.Int(d.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond),
                _ => CelError.NoSuchOverload(name, value),
            };
        }

        if (value is not DateTimeOffset t || (zone is not null and not string))
        {
            return zone is null ? CelError.NoSuchOverload(name, value) : CelError.NoSuchOverload(name, value, zone);
        }

        DateTime local;
        if (zone is string z)
        {
            if (Offset(z) is { } offset)
            {
                local = t.UtcDateTime + offset;
            }
            else
            {
                try
                {
                    local = TimeZoneInfo.ConvertTimeFromUtc(t.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(z));
                }
                catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    return new CelError($"unknown time zone '{z}'");
                }
            }
        }
        else
        {
            local = t.UtcDateTime;
        }

        return CelValues.Int(name switch
        {
            "getFullYear" => local.Year,
            "getMonth" => local.Month - 1,
            "getDayOfYear" => local.DayOfYear - 1,
            "getDayOfMonth" => local.Day - 1,
            "getDate" => local.Day,
            "getDayOfWeek" => (int)local.DayOfWeek,
            "getHours" => local.Hour,
            "getMinutes" => local.Minute,
            "getSeconds" => local.Second,
            _ => local.Millisecond,
        });
    }

    private static TimeSpan? Offset(string zone)
    {
        if (zone is "UTC" or "Z")
        {
            return TimeSpan.Zero;
        }

        var sign = zone.StartsWith('-') ? -1 : 1;
        var body = zone.TrimStart('+', '-');
        return body.Length == 5 && body[2] == ':' && int.TryParse(body[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && int.TryParse(body[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            ? new TimeSpan(h, m, 0) * sign
            : null;
    }
}
