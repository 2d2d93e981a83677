namespace ReleaseGate.Policies.Cel;

/// <summary>
/// The comprehension macros over a list's elements or a map's keys, with CEL's error rules: <c>all</c> is false if
/// any element gives false (errors elsewhere are absorbed), else an error if any gave one, else true; <c>exists</c>
/// is the mirror image; <c>exists_one</c>, <c>map</c> and <c>filter</c> pass the first error on. Every iteration
/// ticks the deadline, so a long evaluation stops where it is.
/// </summary>
internal static class Macros
{
    private static readonly CelError s_timeout = new("the evaluation ran past its time limit", CelErrorKind.Timeout);

    public static Eval All(Eval target, int slot, Eval body) => a =>
    {
        var range = Range(target(a));
        if (range is not IReadOnlyList<object?> items)
        {
            return range;
        }

        object? error = null;
        for (var i = 0; i < items.Count; i++)
        {
            a.Locals[slot] = CelValues.Normalize(items[i]);
            var r = body(a);
            if (r is bool b)
            {
                if (!b)
                {
                    return CelValues.False;
                }
            }
            else
            {
                error ??= r as CelError ?? CelError.NoSuchOverload("all", r);
            }

            if (a.Tick())
            {
                return s_timeout;
            }
        }

        return error ?? CelValues.True;
    };

    public static Eval Exists(Eval target, int slot, Eval body) => a =>
    {
        var range = Range(target(a));
        if (range is not IReadOnlyList<object?> items)
        {
            return range;
        }

        object? error = null;
        for (var i = 0; i < items.Count; i++)
        {
            a.Locals[slot] = CelValues.Normalize(items[i]);
            var r = body(a);
            if (r is bool b)
            {
                if (b)
                {
                    return CelValues.True;
                }
            }
            else
            {
                error ??= r as CelError ?? CelError.NoSuchOverload("exists", r);
            }

            if (a.Tick())
            {
                return s_timeout;
            }
        }

        return error ?? CelValues.False;
    };

    public static Eval ExistsOne(Eval target, int slot, Eval body) => a =>
    {
        var range = Range(target(a));
        if (range is not IReadOnlyList<object?> items)
        {
            return range;
        }

        var count = 0;
        for (var i = 0; i < items.Count; i++)
        {
            a.Locals[slot] = CelValues.Normalize(items[i]);
            var r = body(a);
            if (r is not bool b)
            {
                return r as CelError ?? CelError.NoSuchOverload("exists_one", r);
            }

            count += b ? 1 : 0;
            if (a.Tick())
            {
                return s_timeout;
            }
        }

        return CelValues.Bool(count == 1);
    };

    public static Eval Filter(Eval target, int slot, Eval predicate) => Map(target, slot, predicate, null);

    /// <summary><c>map</c> (with <paramref name="predicate"/> for the three-argument form) and, without a transform, <c>filter</c>.</summary>
    public static Eval Map(Eval target, int slot, Eval? predicate, Eval? transform) => a =>
    {
        var range = Range(target(a));
        if (range is not IReadOnlyList<object?> items)
        {
            return range;
        }

        var result = new List<object?>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = CelValues.Normalize(items[i]);
            a.Locals[slot] = item;
            if (a.Tick())
            {
                return s_timeout;
            }

            if (predicate is not null)
            {
                var keep = predicate(a);
                if (keep is not bool b)
                {
                    return keep as CelError ?? CelError.NoSuchOverload(transform is null ? "filter" : "map", keep);
                }

                if (!b)
                {
                    continue;
                }
            }

            var v = transform is null ? item : transform(a);
            if (v is CelError)
            {
                return v;
            }

            result.Add(v);
        }

        return result;
    };

    /// <summary>What a macro iterates: a list's elements or a map's keys; an error for anything else.</summary>
    private static object? Range(object? target) => target switch
    {
        IReadOnlyList<object?> list => list,
        IReadOnlyDictionary<string, object?> map => map.Keys.Cast<object?>().ToList(),
        CelMap map => map.Entries.Keys.Cast<object?>().ToList(),
        CelError e => e,
        _ => new CelError($"a macro needs a list or a map, not {CelValues.TypeName(target)}"),
    };
}
