namespace ReleaseGate.Policies.Cel;

/// <summary>
/// CEL's operators. <c>&amp;&amp;</c> and <c>||</c> are commutative over errors: <c>error &amp;&amp; false</c> is
/// <c>false</c> like <c>false &amp;&amp; error</c>. Integer arithmetic is 64-bit and overflow is an error, not a wrap.
/// There is no implicit conversion between int, uint and double in arithmetic (<c>1 + 1.0</c> is an error), while
/// comparisons and equality compare numbers of any kind by value, as cel-go does.
/// </summary>
internal static class Operators
{
    /// <summary>The longest duration, either way: as in cel-go, a 64-bit count of nanoseconds (about 292 years).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromTicks(long.MaxValue / 100);

    public static Eval And(Eval x, Eval y) => a =>
    {
        var l = x(a);
        if (l is bool lb)
        {
            if (!lb)
            {
                return CelValues.False;
            }

            var r = y(a);
            return r is bool ? r : r as CelError ?? CelError.NoSuchOverload("_&&_", l, r);
        }

        var right = y(a);
        if (right is false)
        {
            return CelValues.False;
        }

        return l as CelError ?? (right as CelError) ?? CelError.NoSuchOverload("_&&_", l, right);
    };

    public static Eval Or(Eval x, Eval y) => a =>
    {
        var l = x(a);
        if (l is bool lb)
        {
            if (lb)
            {
                return CelValues.True;
            }

            var r = y(a);
            return r is bool ? r : r as CelError ?? CelError.NoSuchOverload("_||_", l, r);
        }

        var right = y(a);
        if (right is true)
        {
            return CelValues.True;
        }

        return l as CelError ?? (right as CelError) ?? CelError.NoSuchOverload("_||_", l, right);
    };

    public static Eval Conditional(Eval condition, Eval then, Eval otherwise) => a => condition(a) switch
    {
        true => then(a),
        false => otherwise(a),
        CelError e => e,
        var c => CelError.NoSuchOverload("_?_:_", c),
    };

    public static Eval InStrings(Eval x, HashSet<string> set, Eval list) => a =>
    {
        var v = x(a);
        return v switch
        {
            string s => CelValues.Bool(set.Contains(s)),
            CelError => v,
            _ => In(v, list(a)),
        };
    };

    public static object? Not(object? v) => v is bool b ? CelValues.Bool(!b) : CelError.NoSuchOverload("!_", v);

    public static object? Negate(object? v) => v switch
    {
        long l => l == long.MinValue ? CelError.Overflow("int") : CelValues.Int(-l),
        double d => -d,
        _ => CelError.NoSuchOverload("-_", v),
    };

    /// <summary>
    /// A fast path for the commonest shapes, a comparison with a constant (<c>t != 'x'</c>, <c>rate &gt;= 0.9</c>,
    /// <c>size(t) == 9</c>): the operand's usual type is tested first and anything else takes the general path.
    /// </summary>
    public static Eval? WithConstant(string function, Eval x, object? constant, Func<object?, object?, object?> general)
    {
        var c = constant is long l ? CelValues.Int(l) : constant;
        return (function, constant) switch
        {
            ("_==_", string k) => a => x(a) is var v && v is string s ? CelValues.Bool(string.Equals(s, k, StringComparison.Ordinal)) : v is CelError ? v : general(v, c),
            ("_!=_", string k) => a => x(a) is var v && v is string s ? CelValues.Bool(!string.Equals(s, k, StringComparison.Ordinal)) : v is CelError ? v : general(v, c),
            ("_==_", long k) => a => x(a) is var v && v is long n ? CelValues.Bool(n == k) : v is CelError ? v : general(v, c),
            ("_!=_", long k) => a => x(a) is var v && v is long n ? CelValues.Bool(n != k) : v is CelError ? v : general(v, c),
            ("_<_", double k) => a => x(a) is var v && v is double d ? CelValues.Bool(d < k) : v is CelError ? v : general(v, c),
            ("_<=_", double k) => a => x(a) is var v && v is double d ? CelValues.Bool(d <= k) : v is CelError ? v : general(v, c),
            ("_>_", double k) => a => x(a) is var v && v is double d ? CelValues.Bool(d > k) : v is CelError ? v : general(v, c),
            ("_>=_", double k) => a => x(a) is var v && v is double d ? CelValues.Bool(d >= k) : v is CelError ? v : general(v, c),
            ("_<_", long k) => a => x(a) is var v && v is long n ? CelValues.Bool(n < k) : v is CelError ? v : general(v, c),
            ("_<=_", long k) => a => x(a) is var v && v is long n ? CelValues.Bool(n <= k) : v is CelError ? v : general(v, c),
            ("_>_", long k) => a => x(a) is var v && v is long n ? CelValues.Bool(n > k) : v is CelError ? v : general(v, c),
            ("_>=_", long k) => a => x(a) is var v && v is long n ? CelValues.Bool(n >= k) : v is CelError ? v : general(v, c),
            _ => null,
        };
    }

    /// <summary>The strict binary operator named <paramref name="function"/>, or null.</summary>
    public static Func<object?, object?, object?>? Binary(string function) => function switch
    {
        "_==_" => static (l, r) => CelValues.Equal(l, r) is { } eq ? CelValues.Bool(eq) : CelError.NoSuchOverload("_==_", l, r),
        "_!=_" => static (l, r) => CelValues.Equal(l, r) is { } eq ? CelValues.Bool(!eq) : CelError.NoSuchOverload("_!=_", l, r),
        "_<_" => static (l, r) => Relate("_<_", l, r, c => c < 0),
        "_<=_" => static (l, r) => Relate("_<=_", l, r, c => c <= 0),
        "_>_" => static (l, r) => Relate("_>_", l, r, c => c > 0),
        "_>=_" => static (l, r) => Relate("_>=_", l, r, c => c >= 0),
        "@in" => In,
        "_+_" => Add,
        "_-_" => Subtract,
        "_*_" => Multiply,
        "_/_" => Divide,
        "_%_" => Modulo,
        _ => null,
    };

    private static object Relate(string op, object? l, object? r, Func<int, bool> holds)
    {
        if (l is double x && r is double y)
        {
            return double.IsNaN(x) || double.IsNaN(y) ? CelValues.False : CelValues.Bool(holds(x.CompareTo(y)));
        }

        return CelValues.Compare(l, r) switch
        {
            null => CelError.NoSuchOverload(op, l, r),
            int.MinValue => CelValues.False, // NaN is unordered
            var c => CelValues.Bool(holds(c.Value)),
        };
    }

    private static object? In(object? v, object? container)
    {
        switch (container)
        {
            case CelError:
                return container;
            case IReadOnlyList<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (CelValues.Equal(v, CelValues.Normalize(list[i])) is true)
                    {
                        return CelValues.True;
                    }
                }

                return CelValues.False;
            case IReadOnlyDictionary<string, object?> map:
                return CelValues.Bool(v is string s && map.ContainsKey(s));
            case CelMap map:
                return CelValues.Bool(v is not null && map.Entries.ContainsKey(v));
            default:
                return CelError.NoSuchOverload("@in", v, container);
        }
    }

    private static object? Add(object? l, object? r)
    {
        try
        {
            return (l, r) switch
            {
                (long x, long y) => CelValues.Int(checked(x + y)),
                (ulong x, ulong y) => checked(x + y),
                (double x, double y) => x + y,
                (string x, string y) => x + y,
                (byte[] x, byte[] y) => (byte[])[.. x, .. y],
                (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => (List<object?>)[.. x, .. y],
                (DateTimeOffset t, TimeSpan d) => Timestamp(t.Add(d)),
                (TimeSpan d, DateTimeOffset t) => Timestamp(t.Add(d)),
                (TimeSpan x, TimeSpan y) => Duration(x + y),
                _ => CelError.NoSuchOverload("_+_", l, r),
            };
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            return CelError.Overflow(CelValues.TypeName(l));
        }
    }

    private static object? Subtract(object? l, object? r)
    {
        try
        {
            return (l, r) switch
            {
                (long x, long y) => CelValues.Int(checked(x - y)),
                (ulong x, ulong y) => checked(x - y),
                (double x, double y) => x - y,
                (DateTimeOffset x, DateTimeOffset y) => Duration(x - y),
                (DateTimeOffset t, TimeSpan d) => Timestamp(t.Subtract(d)),
                (TimeSpan x, TimeSpan y) => Duration(x - y),
                _ => CelError.NoSuchOverload("_-_", l, r),
            };
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            return CelError.Overflow(CelValues.TypeName(l));
        }
    }

    private static object? Multiply(object? l, object? r)
    {
        try
        {
            return (l, r) switch
            {
                (long x, long y) => CelValues.Int(checked(x * y)),
                (ulong x, ulong y) => checked(x * y),
                (double x, double y) => x * y,
                _ => CelError.NoSuchOverload("_*_", l, r),
            };
        }
        catch (OverflowException)
        {
            return CelError.Overflow(CelValues.TypeName(l));
        }
    }

    private static object? Divide(object? l, object? r) => (l, r) switch
    {
        (long, 0L) or (ulong, 0UL) => new CelError("divide by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? CelError.Overflow("int") : CelValues.Int(x / y),
        (ulong x, ulong y) => x / y,
        (double x, double y) => x / y,
        _ => CelError.NoSuchOverload("_/_", l, r),
    };

    private static object? Modulo(object? l, object? r) => (l, r) switch
    {
        (long, 0L) or (ulong, 0UL) => new CelError("modulus by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? CelError.Overflow("int") : CelValues.Int(x % y),
        (ulong x, ulong y) => x % y,
        _ => CelError.NoSuchOverload("_%_", l, r),
    };

    /// <summary>A timestamp (years 1–9999: outside them, the arithmetic that made it threw and became an error).</summary>
    public static object Timestamp(DateTimeOffset t) => t;

    /// <summary>A duration, or an error outside CEL's range.</summary>
    public static object Duration(TimeSpan d) => d > MaxDuration || d < -MaxDuration ? CelError.Overflow("duration") : d;
}
