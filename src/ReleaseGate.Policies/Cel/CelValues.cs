using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// CEL values as CLR objects: <c>bool</c>, <c>long</c> (int), <c>ulong</c> (uint), <c>double</c>, <c>string</c>,
/// <c>byte[]</c> (bytes), <c>null</c>, lists (<see cref="IReadOnlyList{T}"/>), maps (string-keyed
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> or <see cref="CelMap"/>), <see cref="DateTimeOffset"/> (timestamp),
/// <see cref="TimeSpan"/> (duration), <see cref="CelType"/> and <see cref="CelError"/>. Equality is heterogeneous, as
/// in cel-go and the current spec: numbers compare by value across int, uint and double; values of different types
/// are unequal (not an error).
/// </summary>
internal static class CelValues
{
    public static readonly object True = true;
    public static readonly object False = false;
    private static readonly object[] s_smallInts = Enumerable.Range(-128, 1153).Select(i => (object)(long)i).ToArray();

    public static object Bool(bool b) => b ? True : False;

    public static object Int(long l) => l is >= -128 and <= 1024 ? s_smallInts[l + 128] : l;

    /// <summary>Brings a value from the input document to CEL's representation (an <c>int</c> becomes a <c>long</c>…).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Normalize(object? v)
    {
        if (v is null)
        {
            return null;
        }

        // Exact type tests are one comparison each; the input document is made of these.
        var t = v.GetType();
        return t == typeof(string) || t == typeof(long) || t == typeof(double) || t == typeof(bool) || t == typeof(Dictionary<string, object?>) || t == typeof(List<object?>)
            ? v
            : NormalizeOther(v);
    }

    private static object? NormalizeOther(object v) => v switch
    {
        int i => Int(i),
        uint u => (ulong)u,
        short s => Int(s),
        byte b => Int(b),
        float f => (double)f,
        decimal m => (double)m,
        DateTime t => new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero),
        _ => v,
    };

    public static bool IsMap(object? v) => v is IReadOnlyDictionary<string, object?> or CelMap;

    public static string TypeName(object? v) => TypeOf(v).Name;

    public static CelType TypeOf(object? v) => v switch
    {
        null => CelType.Null,
        bool => CelType.Bool,
        long => CelType.Int,
        ulong => CelType.UInt,
        double => CelType.Double,
        string => CelType.String,
        byte[] => CelType.Bytes,
        IReadOnlyDictionary<string, object?> or CelMap => CelType.Map,
        IReadOnlyList<object?> => CelType.List,
        DateTimeOffset => CelType.Timestamp,
        TimeSpan => CelType.Duration,
        CelType => CelType.Type,
        CelError => new CelType("error"),
        _ => new CelType(v.GetType().Name),
    };

    /// <summary>Looks <paramref name="key"/> up in a map; false when absent.</summary>
    public static bool TryGet(object map, object? key, out object? value)
    {
        switch (map)
        {
            case IReadOnlyDictionary<string, object?> strings:
                if (key is string s && strings.TryGetValue(s, out value))
                {
                    value = Normalize(value);
                    return true;
                }

                break;
            case CelMap other when key is not null:
                if (other.Entries.TryGetValue(key, out value))
                {
                    return true;
                }

                break;
        }

        value = null;
        return false;
    }

    public static IEnumerable<object?> Keys(object map) => map switch
    {
        IReadOnlyDictionary<string, object?> strings => strings.Keys,
        CelMap other => other.Entries.Keys,
        _ => [],
    };

    public static int Count(object map) => map switch
    {
        IReadOnlyDictionary<string, object?> strings => strings.Count,
        CelMap other => other.Entries.Count,
        _ => 0,
    };

    /// <summary>CEL equality: true, false, or null when the values cannot be compared (never for well-formed values).</summary>
    public static bool? Equal(object? a, object? b)
    {
        switch (a)
        {
            case string sa: return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case long la when b is long lb: return la == lb;
            case double da when b is double db: return da == db;
            case bool ba: return b is bool bb && ba == bb;
            case null: return b is null;
        }

        if (IsNumber(a) && IsNumber(b))
        {
            return CompareNumbers(a!, b!) == 0;
        }

        return (a, b) switch
        {
            (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
            (DateTimeOffset x, DateTimeOffset y) => x == y,
            (TimeSpan x, TimeSpan y) => x == y,
            (CelType x, CelType y) => x.Name == y.Name,
            (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => ListsEqual(x, y),
            _ when IsMap(a) && IsMap(b) => MapsEqual(a!, b!),
            _ => false,
        };
    }

    private static bool ListsEqual(IReadOnlyList<object?> x, IReadOnlyList<object?> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (Equal(Normalize(x[i]), Normalize(y[i])) is not true)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MapsEqual(object x, object y)
    {
        if (Count(x) != Count(y))
        {
            return false;
        }

        foreach (var key in Keys(x))
        {
            if (!TryGet(x, key, out var vx) || !TryGet(y, key, out var vy) || Equal(vx, vy) is not true)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsNumber(object? v) => v is long or ulong or double;

    /// <summary>Orders two numbers of any numeric types by value; NaN compares as null.</summary>
    public static int? CompareNumbers(object a, object b)
    {
        switch (a, b)
        {
            case (long x, long y): return x.CompareTo(y);
            case (ulong x, ulong y): return x.CompareTo(y);
            case (long x, ulong y): return x < 0 ? -1 : ((ulong)x).CompareTo(y);
            case (ulong x, long y): return y < 0 ? 1 : x.CompareTo((ulong)y);
        }

        var dx = ToDouble(a);
        var dy = ToDouble(b);
        if (double.IsNaN(dx) || double.IsNaN(dy))
        {
            return null;
        }

        var c = dx.CompareTo(dy);
        if (c != 0 || a is double && b is double)
        {
            return c;
        }

        // Equal as doubles but one is an integer: compare exactly where doubles round (2^53 and up).
        return a is double ? -CompareIntegerToDouble(b, dx) : CompareIntegerToDouble(a, dy);
    }

    private static int CompareIntegerToDouble(object integer, double d)
    {
        // d equals the integer rounded to a double, so it is integral and near it.
        if (integer is long l)
        {
            return d >= 9.2233720368547758E18 ? -1 : d < -9.2233720368547758E18 ? 1 : l.CompareTo((long)d);
        }

        var u = (ulong)integer;
        return d >= 1.8446744073709552E19 ? -1 : d < 0 ? 1 : u.CompareTo((ulong)d);
    }

    private static double ToDouble(object v) => v switch
    {
        long l => l,
        ulong u => u,
        double d => d,
        _ => double.NaN,
    };

    /// <summary>Orders two values of comparable types; null when CEL has no ordering for them.</summary>
    public static int? Compare(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? int.MinValue : x.CompareTo(y),
        (string x, string y) => CompareCodePoints(x, y),
        (bool x, bool y) => x.CompareTo(y),
        (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (TimeSpan x, TimeSpan y) => x.CompareTo(y),
        _ when IsNumber(a) && IsNumber(b) => CompareNumbers(a!, b!) ?? int.MinValue,
        _ => null,
    };

    private static int CompareCodePoints(string x, string y)
    {
        // UTF-16 ordinal order differs from code point order only around surrogates.
        var c = string.CompareOrdinal(x, y);
        if (c == 0 || (!x.Any(char.IsSurrogate) && !y.Any(char.IsSurrogate)))
        {
            return c;
        }

        var ex = x.EnumerateRunes().GetEnumerator();
        var ey = y.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hx = ex.MoveNext();
            var hy = ey.MoveNext();
            if (!hx || !hy)
            {
                return hx == hy ? 0 : hx ? 1 : -1;
            }

            var d = ex.Current.Value.CompareTo(ey.Current.Value);
            if (d != 0)
            {
                return d;
            }
        }
    }

    /// <summary>The number of code points in <paramref name="s"/>, which is CEL's <c>size</c> of a string.</summary>
    public static long CodePoints(string s)
    {
        if (s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return s.Length;
        }

        long n = s.Length;
        foreach (var c in s)
        {
            if (char.IsLowSurrogate(c))
            {
                n--;
            }
        }

        return n;
    }

    /// <summary>A value as CEL would write it, for messages and the <c>string()</c> of timestamps and durations.</summary>
    public static string Format(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "u",
        double d => FormatDouble(d),
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        byte[] bytes => "b\"" + Encoding.UTF8.GetString(bytes) + "\"",
        DateTimeOffset t => $"timestamp(\"{FormatTimestamp(t)}\")",
        TimeSpan d => $"duration(\"{FormatDuration(d)}\")",
        IReadOnlyList<object?> list => "[" + string.Join(", ", list.Take(10).Select(x => Format(Normalize(x)))) + (list.Count > 10 ? ", …" : "") + "]",
        _ when IsMap(v) => "{" + string.Join(", ", Keys(v!).Take(10).Select(k => $"{Format(k)}: {(TryGet(v!, k, out var x) ? Format(x) : "")}")) + (Count(v!) > 10 ? ", …" : "") + "}",
        CelType t => t.Name,
        CelError e => e.Message,
        _ => v.ToString() ?? "",
    };

    public static string FormatDouble(double d) => d switch
    {
        double.PositiveInfinity => "+infinity",
        double.NegativeInfinity => "-infinity",
        _ when double.IsNaN(d) => "NaN",
        _ => d.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string FormatTimestamp(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var digits = ((utc.Ticks % TimeSpan.TicksPerSecond) * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (digits.Length > 0 ? "." + digits : "") + "Z";
    }

    public static string FormatDuration(TimeSpan d)
    {
        var seconds = d.Ticks / (decimal)TimeSpan.TicksPerSecond;
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }
}
