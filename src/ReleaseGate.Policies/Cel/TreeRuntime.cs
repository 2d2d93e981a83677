using System.Runtime.CompilerServices;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// The helpers compiled expression trees call: the less common paths of each operation, and the general ones. The
/// ones called once per element of a loop are compiled optimized at once: the IL that calls them is, and a one-shot
/// <c>check</c> would otherwise run them unoptimized.
/// </summary>
internal static class TreeRuntime
{
    public static readonly CelError Timeout = new("the evaluation ran past its time limit", CelErrorKind.Timeout);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Select(object? o, string field, CelError missing)
    {
        if (o is Dictionary<string, object?> concrete)
        {
            return concrete.TryGetValue(field, out var v) ? CelValues.Normalize(v) : missing;
        }

        return o switch
        {
            IReadOnlyDictionary<string, object?> d => d.TryGetValue(field, out var v) ? CelValues.Normalize(v) : missing,
            CelMap m => m.Entries.TryGetValue(field, out var v) ? v : missing,
            CelError e => e,
            null => new CelError($"cannot select field '{field}' from null"),
            _ => new CelError($"cannot select field '{field}' from {CelValues.TypeName(o)}"),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Index(object? o, object? k)
    {
        if (o is Dictionary<string, object?> concrete && k is string name)
        {
            return concrete.TryGetValue(name, out var found) ? CelValues.Normalize(found) : new CelError($"no such key: {CelValues.Format(k)}");
        }

        return Compiler.IndexValue(o, k);
    }

    public static object? Not(object? v) => v is CelError ? v : Operators.Not(v);

    public static object ConditionError(object? c) => c as CelError ?? CelError.NoSuchOverload("_?_:_", c);

    public static object? In(object? v, object? list) => v is CelError ? v : Operators.Binary("@in")!(v, list);

    public static object StringTestError(string function, object? v, string constant) => v as CelError ?? CelError.NoSuchOverload(function, v, constant);

    public static object? Size(object? v) => v switch
    {
        string s => CelValues.Int(CelValues.CodePoints(s)),
        CelError => v,
        _ => Functions.Size(v),
    };

    public static object? Strict2(Func<object?, object?, object?> op, object? l, object? r) => l is CelError ? l : r is CelError ? r : op(l, r);

    public static bool CompareStrings(string function, string l, string r) => Operators.Binary(function)!(l, r) is true;

    /// <summary>The rest of <c>l &amp;&amp; r</c> once it is known that neither side is a plain <c>false</c> on the left.</summary>
    public static object AndTail(object? l, object? r) =>
        r is false ? CelValues.False : l as CelError ?? r as CelError ?? CelError.NoSuchOverload("_&&_", l, r);

    public static object OrTail(object? l, object? r) =>
        r is true ? CelValues.True : l as CelError ?? r as CelError ?? CelError.NoSuchOverload("_||_", l, r);

    public static object MacroError(string macro, object? r) => r as CelError ?? CelError.NoSuchOverload(macro, r);

    /// <summary>A map's values in the order of its keys (as <see cref="Items"/> lists them); null for anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<object?>? ValuesOf(object? target)
    {
        if (target is not Dictionary<string, object?> map)
        {
            return null;
        }

        var values = new List<object?>(map.Count);
        foreach (var value in map.Values)
        {
            values.Add(value);
        }

        return values;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<object?> Keys(Dictionary<string, object?> map)
    {
        var keys = new List<object?>(map.Count);
        foreach (var key in map.Keys)
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>What a macro iterates, as a list: a list's elements or a map's keys; an error for anything else.</summary>
    public static object Items(object? target) => target switch
    {
        List<object?> list => list,
        Dictionary<string, object?> map => Keys(map),
        IReadOnlyList<object?> list => list.ToList(),
        IReadOnlyDictionary<string, object?> map => map.Keys.Cast<object?>().ToList(),
        CelMap map => map.Entries.Keys.Cast<object?>().ToList(),
        CelError e => e,
        _ => new CelError($"a macro needs a list or a map, not {CelValues.TypeName(target)}"),
    };
}
