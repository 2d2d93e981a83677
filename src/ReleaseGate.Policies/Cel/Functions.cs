using System.Text;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// CEL's standard functions that policies need (size, startsWith, endsWith, contains, matches, the conversions int,
/// uint, double, string, bytes, bool, timestamp, duration, type and dyn, and the timestamp and duration accessors),
/// plus ReleaseGate's extensions: <c>lowerAscii</c>, <c>upperAscii</c>, <c>split</c>, <c>replace</c>, <c>trim</c> and
/// <c>now</c>. A call to a function that does not exist, or with the wrong number of arguments, is a compile error,
/// so it is caught when a gate loads; a call with arguments of the wrong types is an evaluation error.
/// </summary>
internal static class Functions
{
    /// <summary>How a function may be called.</summary>
    [Flags]
    private enum Style
    {
        Global = 1,
        Receiver = 2,
        Both = Global | Receiver,
    }

    private sealed record Overload(string Name, Style Style, int Arity, Delegate Impl);

    private static readonly Dictionary<(string, int), Overload> s_table = BuildTable();

    /// <summary>The names of all functions, for hints.</summary>
    public static IEnumerable<string> Names => s_table.Keys.Select(k => k.Item1).Distinct();

    public static Eval Bind(CallNode call, Eval? target, Eval[] args)
    {
        var all = target is null ? args : [target, .. args];
        if (!s_table.TryGetValue((call.Function, all.Length), out var overload))
        {
            var arities = s_table.Keys.Where(k => k.Item1 == call.Function).Select(k => k.Item2).ToList();
            var hint = NameSuggester.Suggest(call.Function, Names.Concat(["all", "exists", "exists_one", "map", "filter", "has"]));
            throw new CelSyntaxException(
                arities.Count == 0
                    ? $"unknown function '{call.Function}'" + (hint is null ? "" : $"; did you mean '{hint}'?")
                    : $"{call.Function}() does not take {all.Length} argument(s)",
                call.Position);
        }

        if (target is not null && call.Args is [LiteralNode { Value: string constant }] && StringTest(call.Function) is { } test)
        {
            return a => target(a) is var v && v is string s ? CelValues.Bool(test(s, constant)) : v is CelError ? v : CelError.NoSuchOverload(call.Function, v, constant);
        }

        if (call.Function == "size" && all.Length == 1)
        {
            var x = all[0];
            return a => x(a) is var v && v is string s ? CelValues.Int(CelValues.CodePoints(s)) : v is CelError ? v : Size(v);
        }

        var wanted = target is null ? Style.Global : Style.Receiver;
        if ((overload.Style & wanted) == 0)
        {
            throw new CelSyntaxException(
                target is null ? $"{call.Function}() is called on a value: x.{call.Function}(…)" : $"{call.Function}() is not called on a value: {call.Function}(x, …)",
                call.Position);
        }

        switch (overload.Impl)
        {
            // Contravariance: a function of object? is also a function of Activation, so the wider shapes come first.
            case Func<object?, object?> f1:
                var x1 = all[0];
                return a =>
                {
                    var v = x1(a);
                    return v is CelError ? v : f1(v);
                };
            case Func<Activation, object?> f0:
                return a => f0(a);
            case Func<object?, object?, object?, object?> f3:
                var (x3, y3, z3) = (all[0], all[1], all[2]);
                return a =>
                {
                    var p = x3(a);
                    if (p is CelError)
                    {
                        return p;
                    }

                    var q = y3(a);
                    if (q is CelError)
                    {
                        return q;
                    }

                    var r = z3(a);
                    return r is CelError ? r : f3(p, q, r);
                };
            case Func<object?, object?, Activation, object?> f2:
                var (x2, y2) = (all[0], all[1]);
                return a =>
                {
                    var l = x2(a);
                    if (l is CelError)
                    {
                        return l;
                    }

                    var r = y2(a);
                    return r is CelError ? r : f2(l, r, a);
                };
            default:
                throw new InvalidOperationException($"function {call.Function} has an unexpected shape");
        }
    }

    private static Dictionary<(string, int), Overload> BuildTable()
    {
        Overload[] overloads =
        [
            new("size", Style.Both, 1, (Func<object?, object?>)Size),
            new("startsWith", Style.Receiver, 2, Strings("startsWith", (s, t) => CelValues.Bool(s.StartsWith(t, StringComparison.Ordinal)))),
            new("endsWith", Style.Receiver, 2, Strings("endsWith", (s, t) => CelValues.Bool(s.EndsWith(t, StringComparison.Ordinal)))),
            new("contains", Style.Receiver, 2, Strings("contains", (s, t) => CelValues.Bool(s.Contains(t, StringComparison.Ordinal)))),
            new("matches", Style.Both, 2, (Func<object?, object?, Activation, object?>)((s, p, a) => s is string text && p is string pattern ? a.Regexes.Matches(text, pattern) : CelError.NoSuchOverload("matches", s, p))),
            new("split", Style.Receiver, 2, Strings("split", (s, sep) => s.Split(sep).Cast<object?>().ToList())),
            new("lowerAscii", Style.Receiver, 1, (Func<object?, object?>)(s => s is string text ? Ascii(text, upper: false) : CelError.NoSuchOverload("lowerAscii", s))),
            new("upperAscii", Style.Receiver, 1, (Func<object?, object?>)(s => s is string text ? Ascii(text, upper: true) : CelError.NoSuchOverload("upperAscii", s))),
            new("trim", Style.Receiver, 1, (Func<object?, object?>)(s => s is string text ? text.Trim() : CelError.NoSuchOverload("trim", s))),
            new("replace", Style.Receiver, 3, (Func<object?, object?, object?, object?>)Replace),
            new("now", Style.Global, 0, (Func<Activation, object?>)(a => a.Now)),
            new("int", Style.Global, 1, (Func<object?, object?>)Conversions.ToInt),
            new("uint", Style.Global, 1, (Func<object?, object?>)Conversions.ToUInt),
            new("double", Style.Global, 1, (Func<object?, object?>)Conversions.ToDouble),
            new("string", Style.Global, 1, (Func<object?, object?>)Conversions.ToText),
            new("bytes", Style.Global, 1, (Func<object?, object?>)Conversions.ToBytes),
            new("bool", Style.Global, 1, (Func<object?, object?>)Conversions.ToBool),
            new("timestamp", Style.Global, 1, (Func<object?, object?>)Conversions.ToTimestamp),
            new("duration", Style.Global, 1, (Func<object?, object?>)Conversions.ToDuration),
            new("type", Style.Global, 1, (Func<object?, object?>)(v => CelValues.TypeOf(v))),
            new("dyn", Style.Global, 1, (Func<object?, object?>)(v => v)),
        ];
        var table = overloads.ToDictionary(o => (o.Name, o.Arity));
        foreach (var accessor in TimeAccessors.Names)
        {
            table[(accessor, 1)] = new(accessor, Style.Receiver, 1, (Func<object?, object?>)(v => TimeAccessors.Get(accessor, v, null)));
            table[(accessor, 2)] = new(accessor, Style.Receiver, 2, (Func<object?, object?, Activation, object?>)((v, tz, _) => TimeAccessors.Get(accessor, v, tz)));
        }

        return table;
    }

    /// <summary>The string tests, for the fast path of a test against a constant (<c>t.startsWith('tool_')</c>).</summary>
    private static Func<string, string, bool>? StringTest(string function) => function switch
    {
        "startsWith" => static (s, t) => s.StartsWith(t, StringComparison.Ordinal),
        "endsWith" => static (s, t) => s.EndsWith(t, StringComparison.Ordinal),
        "contains" => static (s, t) => s.Contains(t, StringComparison.Ordinal),
        _ => null,
    };

    private static Func<object?, object?, Activation, object?> Strings(string name, Func<string, string, object?> f) =>
        (x, y, _) => x is string s && y is string t ? f(s, t) : CelError.NoSuchOverload(name, x, y);

    public static object? Size(object? v) => v switch
    {
        string s => CelValues.Int(CelValues.CodePoints(s)),
        byte[] b => CelValues.Int(b.Length),
        IReadOnlyList<object?> list => CelValues.Int(list.Count),
        _ when CelValues.IsMap(v) => CelValues.Int(CelValues.Count(v!)),
        _ => CelError.NoSuchOverload("size", v),
    };

    /// <summary>Changes the case of ASCII letters only, as the CEL strings extension does.</summary>
    private static string Ascii(string s, bool upper) => string.Create(s.Length, (s, upper), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            var c = state.s[i];
            span[i] = state.upper ? (char.IsAsciiLetterLower(c) ? (char)(c - 32) : c) : (char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c);
        }
    });

    private static object? Replace(object? s, object? old, object? replacement)
    {
        if (s is not string text || old is not string o || replacement is not string r)
        {
            return CelError.NoSuchOverload("replace", s, old, replacement);
        }

        if (o.Length > 0)
        {
            return text.Replace(o, r, StringComparison.Ordinal);
        }

        // As in Go: an empty old string matches before every code point and at the end.
        var builder = new StringBuilder(r);
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(rune.ToString()).Append(r);
        }

        return builder.ToString();
    }
}
