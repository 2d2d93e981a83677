using System.Runtime.InteropServices;

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
        if (!TryRange(target(a), out var items, out var failure))
        {
            return failure;
        }

        object? error = null;
        for (var i = 0; i < items.Length; i++)
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
        if (!TryRange(target(a), out var items, out var failure))
        {
            return failure;
        }

        object? error = null;
        for (var i = 0; i < items.Length; i++)
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
        if (!TryRange(target(a), out var items, out var failure))
        {
            return failure;
        }

        var count = 0;
        for (var i = 0; i < items.Length; i++)
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
        if (!TryRange(target(a), out var items, out var failure))
        {
            return failure;
        }

        var result = new List<object?>();
        for (var i = 0; i < items.Length; i++)
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
    private static bool TryRange(object? target, out ReadOnlySpan<object?> items, out object? failure)
    {
        failure = null;
        switch (target)
        {
            case List<object?> list:
                items = CollectionsMarshal.AsSpan(list);
                return true;
            case object?[] array:
                items = array;
                return true;
            case IReadOnlyList<object?> list:
                items = list.ToArray();
                return true;
            case Dictionary<string, object?> map:
                var keys = new object?[map.Count];
                var i = 0;
                foreach (var key in map.Keys)
                {
                    keys[i++] = key;
                }

                items = keys;
                return true;
            case IReadOnlyDictionary<string, object?> map:
                items = map.Keys.ToArray();
                return true;
            case CelMap map:
                items = map.Entries.Keys.ToArray();
                return true;
            default:
                items = default;
                failure = target as CelError ?? new CelError($"a macro needs a list or a map, not {CelValues.TypeName(target)}");
                return false;
        }
    }
}
