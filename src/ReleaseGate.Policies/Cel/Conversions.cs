using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseGate.Policies.Cel;

/// <summary>The type conversions <c>int</c>, <c>uint</c>, <c>double</c>, <c>string</c>, <c>bytes</c>, <c>bool</c>, <c>timestamp</c>, <c>duration</c>.</summary>
internal static partial class Conversions
{
    private static readonly DateTimeOffset s_minTimestamp = new(1, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly decimal s_maxDurationSeconds = (decimal)Operators.MaxDuration.Ticks / TimeSpan.TicksPerSecond;

    public static object? ToInt(object? v) => v switch
    {
        long => v,
        ulong u => u <= long.MaxValue ? CelValues.Int((long)u) : new CelError("range error converting uint to int"),
        double d => d >= -9.2233720368547758E18 && d < 9.2233720368547758E18 ? CelValues.Int((long)d) : new CelError("range error converting double to int"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? CelValues.Int(l) : new CelError($"cannot convert \"{s}\" to int"),
        DateTimeOffset t => CelValues.Int(t.ToUnixTimeSeconds()),
        _ => CelError.NoSuchOverload("int", v),
    };

    public static object? ToUInt(object? v) => v switch
    {
        ulong => v,
        long l => l >= 0 ? (ulong)l : new CelError("range error converting int to uint"),
        double d => d >= 0 && d < 1.8446744073709552E19 ? (ulong)d : new CelError("range error converting double to uint"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : new CelError($"cannot convert \"{s}\" to uint"),
        _ => CelError.NoSuchOverload("uint", v),
    };

    public static object? ToDouble(object? v) => v switch
    {
        double => v,
        long l => (double)l,
        ulong u => (double)u,
        string s => ParseDouble(s) is { } d ? d : new CelError($"cannot convert \"{s}\" to double"),
        _ => CelError.NoSuchOverload("double", v),
    };

    private static double? ParseDouble(string s)
    {
        var t = s.Trim().ToLowerInvariant().TrimStart('+');
        return t switch
        {
            "nan" => double.NaN,
            "inf" or "infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        };
    }

    public static object? ToText(object? v) => v switch
    {
        string => v,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => GoFloat(d),
        byte[] bytes => Utf8(bytes),
        DateTimeOffset t => CelValues.FormatTimestamp(t),
        TimeSpan d => CelValues.FormatDuration(d),
        _ => CelError.NoSuchOverload("string", v),
    };

    private static object Utf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new CelError("invalid UTF-8 in bytes, cannot convert to string");
        }
    }

    /// <summary>A double as Go's <c>strconv.FormatFloat(d, 'g', -1, 64)</c> writes it, which is what cel-go's <c>string(double)</c> gives.</summary>
    private static string GoFloat(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return double.IsNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        // Shortest round-trip digits and the decimal exponent, then Go's rule: exponent form when exp < -4 or exp >= 21.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = d < 0;
        var mantissa = shortest.TrimStart('-');
        var exponent = 0;
        var ePos = mantissa.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(mantissa[(ePos + 1)..], CultureInfo.InvariantCulture);
            mantissa = mantissa[..ePos];
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var digits = (intPart + (dot >= 0 ? mantissa[(dot + 1)..] : "")).TrimStart('0');
        var leadingZeros = (intPart + (dot >= 0 ? mantissa[(dot + 1)..] : "")).Length - digits.Length;
        digits = digits.TrimEnd('0');
        var point = intPart.Length + exponent - leadingZeros; // digits × 10^(point - len)
        var exp10 = point - 1;
        string body;
        if (exp10 < -4 || exp10 >= 21)
        {
            body = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (exp10 < 0 ? "-" : "+") + Math.Abs(exp10).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (point <= 0)
        {
            body = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            body = digits + new string('0', point - digits.Length);
        }
        else
        {
            body = digits[..point] + "." + digits[point..];
        }

        return (negative ? "-" : "") + body;
    }

    public static object? ToBytes(object? v) => v switch
    {
        byte[] => v,
        string s => Encoding.UTF8.GetBytes(s),
        _ => CelError.NoSuchOverload("bytes", v),
    };

    public static object? ToBool(object? v) => v switch
    {
        bool => v,
        string s => s switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => CelValues.True,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => CelValues.False,
            _ => new CelError($"cannot convert \"{s}\" to bool"),
        },
        _ => CelError.NoSuchOverload("bool", v),
    };

    public static object? ToTimestamp(object? v) => v switch
    {
        DateTimeOffset => v,
        string s => ParseTimestamp(s) ?? (object)new CelError($"cannot convert \"{s}\" to timestamp: expected RFC 3339, such as 2026-11-26T09:00:00Z"),
        long l => l is >= -62135596800 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(l) : new CelError("timestamp out of range"),
        _ => CelError.NoSuchOverload("timestamp", v),
    };

    /// <summary>An RFC 3339 timestamp, in UTC; null when the text is not one or falls outside years 1–9999.</summary>
    public static DateTimeOffset? ParseTimestamp(string s)
    {
        var m = Rfc3339().Match(s);
        if (!m.Success)
        {
            return null;
        }

        try
        {
            int G(int i) => int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
            var offset = m.Groups[8].Value is "Z" or "z"
                ? TimeSpan.Zero
                : new TimeSpan(G(10), G(11), 0) * (m.Groups[9].Value == "-" ? -1 : 1);
            var local = new DateTime(G(1), G(2), G(3), G(4), G(5), G(6), DateTimeKind.Unspecified);
            var fraction = m.Groups[7].Success ? long.Parse(m.Groups[7].Value.PadRight(9, '0')[..7], CultureInfo.InvariantCulture) : 0;
            var utc = new DateTimeOffset(local, TimeSpan.Zero).AddTicks(fraction) - offset;
            return utc < s_minTimestamp ? null : utc;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static object? ToDuration(object? v) => v switch
    {
        TimeSpan => v,
        string s => ParseDuration(s) ?? (object)new CelError($"cannot convert \"{s}\" to duration: expected a number and unit, such as 1h30m or 1.5s"),
        _ => CelError.NoSuchOverload("duration", v),
    };

    /// <summary>A duration in Go's syntax (<c>-1h30m</c>, <c>1.5s</c>, <c>100ms</c>, <c>0</c>); null when invalid or out of range.</summary>
    public static TimeSpan? ParseDuration(string s)
    {
        if (s is "0" or "+0" or "-0")
        {
            return TimeSpan.Zero;
        }

        var m = GoDuration().Match(s);
        if (!m.Success)
        {
            return null;
        }

        decimal seconds = 0;
        foreach (Match unit in UnitPart().Matches(m.Groups[2].Value))
        {
            if (unit.Groups[1].Value is "." or "")
            {
                return null;
            }

            var number = decimal.Parse(unit.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            seconds += number * unit.Groups[2].Value switch
            {
                "ns" => 1e-9m,
                "us" or "µs" or "μs" => 1e-6m,
                "ms" => 1e-3m,
                "s" => 1m,
                "m" => 60m,
                _ => 3600m,
            };
            if (seconds > s_maxDurationSeconds)
            {
                return null;
            }
        }

        var ticks = decimal.Truncate(seconds * TimeSpan.TicksPerSecond);
        return TimeSpan.FromTicks((long)ticks * (m.Groups[1].Value == "-" ? -1 : 1));
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^([+-]?)((?:\d*\.?\d*(?:ns|us|µs|μs|ms|s|m|h))+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPart();
}
