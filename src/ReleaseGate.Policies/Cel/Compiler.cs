namespace ReleaseGate.Policies.Cel;

/// <summary>One compiled piece of an expression: evaluates to a CEL value or a <see cref="CelError"/>, never throws.</summary>
internal delegate object? Eval(Activation a);

/// <summary>
/// Compiles a parsed expression once into closures, so that evaluation walks no tree and looks no name up twice:
/// fields are selected by name on the input's dictionaries, macro variables live in slots, constant lists used with
/// <c>in</c> become hash sets.
/// </summary>
internal sealed class Compiler
{
    private readonly List<string> _scope = [];

    private Compiler()
    {
    }

    /// <summary>The number of variable slots the compiled expression needs.</summary>
    public int Slots { get; private set; }

    /// <summary>The number of memo slots (input paths read inside macros).</summary>
    public int Memos { get; private set; }

    public static (Eval Eval, int Slots, int Memos) Compile(Node node)
    {
        var compiler = new Compiler();
        var eval = compiler.Compile(node, 0);
        return (eval, compiler.Slots, compiler.Memos);
    }

    private Eval Compile(Node node, int depth)
    {
        if (depth > Parser.MaxDepth * 2)
        {
            throw new CelSyntaxException("the expression nests too deeply", node.Position);
        }

        return node switch
        {
            LiteralNode literal => Constant(literal.Value),
            IdentNode ident => Identifier(ident),
            SelectNode select => Select(select, depth),
            IndexNode index => Index(Compile(index.Operand, depth + 1), Compile(index.Key, depth + 1)),
            ListNode list => List(list, depth),
            MapNode map => Map(map, depth),
            MacroNode macro => Macro(macro, depth),
            CallNode call => Call(call, depth),
            _ => throw new CelSyntaxException("unsupported expression", node.Position),
        };
    }

    private static Eval Constant(object? value)
    {
        var v = value switch
        {
            long l => CelValues.Int(l),
            bool b => CelValues.Bool(b),
            _ => value,
        };
        return _ => v;
    }

    private Eval Identifier(IdentNode ident)
    {
        var slot = _scope.LastIndexOf(ident.Name);
        if (slot >= 0)
        {
            return a => a.Locals[slot];
        }

        var name = ident.Name;
        object fallback = CelType.ByName.TryGetValue(name, out var type)
            ? type
            : new CelError($"undeclared reference to '{name}'", CelErrorKind.UnknownField, name);
        return a => a.Input.TryGetValue(name, out var v) ? CelValues.Normalize(v) : fallback;
    }

    /// <summary>
    /// <c>a.b.c</c> where <c>a</c> is a variable of the input: the same value wherever it is read in one evaluation,
    /// so inside a macro it is computed once (lazily, so errors and short-circuits are as if it were not).
    /// </summary>
    private bool IsInputPath(Node node) => node switch
    {
        IdentNode ident => !_scope.Contains(ident.Name),
        SelectNode { Test: false } select => IsInputPath(select.Operand),
        _ => false,
    };

    private Eval Memoized(Eval inner)
    {
        var k = Memos++;
        return a =>
        {
            var m = a.Memos[k];
            return ReferenceEquals(m, Activation.Unset) ? a.Memos[k] = inner(a) : m;
        };
    }

    /// <summary><c>a.b.c</c> as one dotted name, when it is only names; null otherwise.</summary>
    internal static string? QualifiedName(Node node) => node switch
    {
        IdentNode ident => ident.Name,
        SelectNode { Test: false } select when QualifiedName(select.Operand) is { } prefix => prefix + "." + select.Field,
        _ => null,
    };

    /// <summary>A type with a dotted name (<c>google.protobuf.Timestamp</c>), unless the input has a variable of its first name.</summary>
    private CelType? QualifiedType(SelectNode select, out string root)
    {
        var name = QualifiedName(select);
        root = name?.Split('.')[0] ?? "";
        return name is not null && !_scope.Contains(root) && CelType.ByName.TryGetValue(name, out var type) ? type : null;
    }

    private Eval Select(SelectNode select, int depth)
    {
        if (QualifiedType(select, out var root) is { } type)
        {
            var path = SelectPath(select, depth);
            return a => a.Input.ContainsKey(root) ? path(a) : type;
        }

        return SelectPath(select, depth);
    }

    private Eval SelectPath(SelectNode select, int depth)
    {
        if (!select.Test && _scope.Count > 0 && IsInputPath(select))
        {
            var saved = _scope.ToList();
            _scope.Clear(); // compile the path without the memo wrapper on its own parts
            var path = Select(select, depth);
            _scope.AddRange(saved);
            return Memoized(path);
        }

        var operand = Compile(select.Operand, depth + 1);
        var field = select.Field;
        var missing = CelError.NoSuchField(field);
        if (select.Test)
        {
            return a => operand(a) switch
            {
                IReadOnlyDictionary<string, object?> d => CelValues.Bool(d.ContainsKey(field)),
                CelMap m => CelValues.Bool(m.Entries.ContainsKey(field)),
                CelError e => e,
                var other => new CelError($"has() cannot test field '{field}' of {CelValues.TypeName(other)}"),
            };
        }

        return a =>
        {
            var o = operand(a);
            if (o is Dictionary<string, object?> concrete)
            {
                return concrete.TryGetValue(field, out var v) ? CelValues.Normalize(v) : missing;
            }

            if (o is IReadOnlyDictionary<string, object?> d)
            {
                return d.TryGetValue(field, out var v) ? CelValues.Normalize(v) : missing;
            }

            return o switch
            {
                CelMap m => m.Entries.TryGetValue(field, out var v) ? v : missing,
                CelError e => e,
                null => new CelError($"cannot select field '{field}' from null"),
                _ => new CelError($"cannot select field '{field}' from {CelValues.TypeName(o)}"),
            };
        };
    }

    private static Eval Index(Eval operand, Eval key) => a =>
    {
        var o = operand(a);
        return o is CelError ? o : IndexValue(o, key(a));
    };

    /// <summary><c>o[k]</c> on evaluated operands.</summary>
    public static object? IndexValue(object? o, object? k)
    {
        if (o is CelError || k is CelError)
        {
            return o as CelError ?? k;
        }

        if (o is Dictionary<string, object?> concrete && k is string name)
        {
            return concrete.TryGetValue(name, out var found) ? CelValues.Normalize(found) : new CelError($"no such key: {CelValues.Format(k)}");
        }

        if (o is IReadOnlyList<object?> list)
        {
            long? i = k switch
            {
                long l => l,
                ulong u when u <= long.MaxValue => (long)u,
                double d when d == Math.Floor(d) && Math.Abs(d) < 9.2E18 => (long)d,
                _ => null,
            };
            if (i is null)
            {
                return k is ulong or double ? new CelError($"invalid list index {CelValues.Format(k)}") : CelError.NoSuchOverload("_[_]", o, k);
            }

            return i >= 0 && i < list.Count ? CelValues.Normalize(list[(int)i]) : new CelError($"index out of range: {i}");
        }

        if (CelValues.IsMap(o))
        {
            if (CelValues.TryGet(o!, k, out var v))
            {
                return v;
            }

            return k is string or long or ulong or bool or double ? new CelError($"no such key: {CelValues.Format(k)}") : CelError.NoSuchOverload("_[_]", o, k);
        }

        return CelError.NoSuchOverload("_[_]", o, k);
    }

    private Eval List(ListNode list, int depth)
    {
        var items = list.Items.Select(i => Compile(i, depth + 1)).ToArray();
        if (list.Items.All(i => i is LiteralNode))
        {
            var constant = items.Select(i => i(null!)).ToList();
            return _ => constant;
        }

        return a =>
        {
            var result = new List<object?>(items.Length);
            foreach (var item in items)
            {
                var v = item(a);
                if (v is CelError)
                {
                    return v;
                }

                result.Add(v);
            }

            return result;
        };
    }

    private Eval Map(MapNode map, int depth)
    {
        var entries = map.Entries.Select(e => (Key: Compile(e.Key, depth + 1), Value: Compile(e.Value, depth + 1))).ToArray();
        return a =>
        {
            var keys = new List<object>(entries.Length);
            var values = new List<object?>(entries.Length);
            foreach (var (key, value) in entries)
            {
                var k = key(a);
                if (k is CelError)
                {
                    return k;
                }

                if (k is not (string or long or ulong or bool))
                {
                    return new CelError($"a map key must be an int, uint, bool or string, not {CelValues.TypeName(k)}");
                }

                var v = value(a);
                if (v is CelError)
                {
                    return v;
                }

                keys.Add(k);
                values.Add(v);
            }

            if (keys.All(k => k is string))
            {
                var strings = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < keys.Count; i++)
                {
                    if (!strings.TryAdd((string)keys[i], values[i]))
                    {
                        return new CelError($"repeated key {CelValues.Format(keys[i])} in a map literal");
                    }
                }

                return strings;
            }

            var other = new Dictionary<object, object?>(CelMap.KeyComparer);
            for (var i = 0; i < keys.Count; i++)
            {
                if (!other.TryAdd(keys[i], values[i]))
                {
                    return new CelError($"repeated key {CelValues.Format(keys[i])} in a map literal");
                }
            }

            return new CelMap(other);
        };
    }

    private Eval Macro(MacroNode macro, int depth)
    {
        var target = Compile(macro.Target, depth + 1);
        _scope.Add(macro.Variable);
        var slot = _scope.Count - 1;
        Slots = Math.Max(Slots, _scope.Count);
        var body = Compile(macro.Body, depth + 1);
        var transform = macro.Transform is null ? null : Compile(macro.Transform, depth + 1);
        _scope.RemoveAt(slot);
        return macro.Kind switch
        {
            "all" => Macros.All(target, slot, body),
            "exists" => Macros.Exists(target, slot, body),
            "exists_one" => Macros.ExistsOne(target, slot, body),
            "filter" => Macros.Filter(target, slot, body),
            _ => transform is null ? Macros.Map(target, slot, null, body) : Macros.Map(target, slot, body, transform),
        };
    }

    private Eval Call(CallNode call, int depth)
    {
        var args = call.Args.Select(a => Compile(a, depth + 1)).ToArray();
        var target = call.Target is null ? null : Compile(call.Target, depth + 1);
        return call.Function switch
        {
            "_&&_" => Operators.And(args[0], args[1]),
            "_||_" => Operators.Or(args[0], args[1]),
            "_?_:_" => Operators.Conditional(args[0], args[1], args[2]),
            "@in" when call.Args[1] is ListNode list && list.Items.Count > 0 && list.Items.All(i => i is LiteralNode { Value: string }) =>
                Operators.InStrings(args[0], list.Items.Select(i => (string)((LiteralNode)i).Value!).ToHashSet(StringComparer.Ordinal), args[1]),
            _ when Operators.Binary(call.Function) is { } op => call.Args[1] is LiteralNode { Value: var c } && Operators.WithConstant(call.Function, args[0], c, op) is { } fast
                ? fast
                : Strict2(args[0], args[1], op),
            "!_" => Strict1(args[0], Operators.Not),
            "-_" => Strict1(args[0], Operators.Negate),
            _ => Functions.Bind(call, target, args),
        };
    }

    public static Eval Strict1(Eval x, Func<object?, object?> f) => a =>
    {
        var v = x(a);
        return v is CelError ? v : f(v);
    };

    public static Eval Strict2(Eval x, Eval y, Func<object?, object?, object?> f) => a =>
    {
        var l = x(a);
        if (l is CelError)
        {
            return l;
        }

        var r = y(a);
        return r is CelError ? r : f(l, r);
    };
}
