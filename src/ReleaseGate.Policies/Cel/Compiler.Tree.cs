using System.Linq.Expressions;
using System.Reflection;
using E = System.Linq.Expressions.Expression;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// The second stage of compilation: the shapes policies are made of — macros over lists and maps, <c>&amp;&amp;</c>,
/// <c>||</c>, <c>!</c>, the conditional, comparisons with constants, string tests, <c>size</c>, field selection and
/// indexing — become one expression tree per rule, compiled to IL, so a macro is a real loop with its variable in a
/// local. Everything else is the closure of <see cref="Compile(Node, int)"/>, invoked from the tree; both share the
/// scope, so a closure inside a loop reads the loop's variable from its slot.
/// </summary>
internal sealed partial class Compiler
{
    private static readonly E s_true = E.Constant(CelValues.True, typeof(object));
    private static readonly E s_false = E.Constant(CelValues.False, typeof(object));
    private static readonly E s_null = E.Constant(null, typeof(object));
    private static readonly E s_unset = E.Constant(Activation.Unset, typeof(object));

    // Members looked up on statically known types, so that trimming keeps them (the string overloads of E.Property cannot say which).
    private static readonly PropertyInfo ListItem = typeof(List<object?>).GetProperty("Item")!;
    private static readonly PropertyInfo ListCount = typeof(List<object?>).GetProperty(nameof(List<>.Count))!;
    private static readonly PropertyInfo ActivationLocals = typeof(Activation).GetProperty(nameof(Activation.Locals))!;

    private readonly ParameterExpression _a = E.Parameter(typeof(Activation), "a");
    private readonly List<ParameterExpression> _vars = [];
    private readonly List<ParameterExpression> _memoVars = [];
    private readonly List<MapLoop> _mapLoops = [];
    private int _fallbacks;

    /// <summary>Compiles <paramref name="node"/> to IL through an expression tree.</summary>
    public static (Eval Eval, int Slots, int Memos) CompileTree(Node node)
    {
        var compiler = new Compiler();
        var body = compiler.Emit(node, 0);
        var init = compiler._memoVars.Select(v => (E)E.Assign(v, s_unset));
        var block = E.Block(typeof(object), compiler._memoVars, init.Append(body));
        var eval = E.Lambda<Eval>(block, compiler._a).Compile();
        return (eval, compiler.Slots, compiler.Memos);
    }

    private E Emit(Node node, int depth)
    {
        if (depth > Parser.MaxDepth * 2)
        {
            throw new CelSyntaxException("the expression nests too deeply", node.Position);
        }

        switch (node)
        {
            case LiteralNode literal:
                return E.Constant(literal.Value switch { long l => CelValues.Int(l), bool b => CelValues.Bool(b), var v => v }, typeof(object));
            case IdentNode ident when _scope.LastIndexOf(ident.Name) is var slot and >= 0:
                return _vars[slot];
            case SelectNode select when QualifiedType(select, out _) is not null:
                return Fallback(node, depth);
            case IdentNode or SelectNode { Test: false } when _scope.Count > 0 && IsInputPath(node):
                return MemoizedPath(node, depth);
            case SelectNode { Test: false } select:
                var missing = CelError.NoSuchField(select.Field);
                return E.Call(Method(nameof(TreeRuntime.Select)), Emit(select.Operand, depth + 1), E.Constant(select.Field), E.Constant(missing));
            case IndexNode index:
                var lookup = E.Call(Method(nameof(TreeRuntime.Index)), Emit(index.Operand, depth + 1), Emit(index.Key, depth + 1));
                return CurrentEntry(index) is { } loop
                    ? E.Condition(E.ReferenceEqual(loop.Values, E.Constant(null, typeof(List<object?>))), lookup, E.Call(typeof(CelValues).GetMethod(nameof(CelValues.Normalize))!, E.Property(loop.Values, ListItem, loop.Index)))
                    : lookup;
            case MacroNode macro:
                return EmitMacro(macro, depth);
            case CallNode call when EmitCall(call, depth) is { } emitted:
                return emitted;
            default:
                return Fallback(node, depth);
        }
    }

    private static MethodInfo Method(string name) => typeof(TreeRuntime).GetMethod(name)!;

    private InvocationExpression Fallback(Node node, int depth)
    {
        _fallbacks++;
        return E.Invoke(E.Constant(Compile(node, depth)), _a);
    }

    /// <summary>An input path inside a macro: read once per evaluation, on first use, into a local of the rule.</summary>
    private E MemoizedPath(Node node, int depth)
    {
        var saved = _scope.ToList();
        _scope.Clear();
        var path = Compile(node, depth);
        _scope.AddRange(saved);
        var memo = E.Variable(typeof(object), "memo" + _memoVars.Count);
        _memoVars.Add(memo);
        return E.Condition(E.ReferenceEqual(memo, s_unset), E.Assign(memo, E.Invoke(E.Constant(path), _a)), memo);
    }

    private E? EmitCall(CallNode call, int depth)
    {
        var args = call.Args;
        switch (call.Function)
        {
            case "_&&_" or "_||_":
                return Logic(call.Function == "_&&_", Emit(args[0], depth + 1), Emit(args[1], depth + 1));
            case "!_":
                return E.Call(Method(nameof(TreeRuntime.Not)), Emit(args[0], depth + 1));
            case "_?_:_":
            {
                var c = E.Variable(typeof(object), "c");
                return E.Block(
                    typeof(object),
                    [c],
                    E.Assign(c, Emit(args[0], depth + 1)),
                    E.Condition(
                        E.TypeIs(c, typeof(bool)),
                        E.Condition(E.Unbox(c, typeof(bool)), Emit(args[1], depth + 1), Emit(args[2], depth + 1)),
                        E.Call(Method(nameof(TreeRuntime.ConditionError)), c)));
            }

            case "_==_" or "_!=_" or "_<_" or "_<=_" or "_>_" or "_>=_" when args[1] is LiteralNode { Value: string or long or double } constant:
                return Compare(call.Function, Emit(args[0], depth + 1), constant.Value!);
            case "@in" when args[1] is ListNode list && list.Items.Count > 0 && list.Items.All(i => i is LiteralNode { Value: string }):
            {
                var set = list.Items.Select(i => (string)((LiteralNode)i).Value!).ToHashSet(StringComparer.Ordinal);
                var v = E.Variable(typeof(object), "v");
                return E.Block(
                    typeof(object),
                    [v],
                    E.Assign(v, Emit(args[0], depth + 1)),
                    E.Condition(
                        E.TypeIs(v, typeof(string)),
                        E.Condition(E.Call(E.Constant(set), typeof(HashSet<string>).GetMethod(nameof(HashSet<>.Contains))!, E.Convert(v, typeof(string))), s_true, s_false),
                        E.Call(Method(nameof(TreeRuntime.In)), v, Emit(args[1], depth + 1))));
            }

            case "startsWith" or "endsWith" or "contains" when call.Target is not null && args is [LiteralNode { Value: string constant }]:
            {
                var v = E.Variable(typeof(object), "v");
                var test = typeof(string).GetMethod(call.Function == "contains" ? "Contains" : call.Function == "startsWith" ? "StartsWith" : "EndsWith", [typeof(string), typeof(StringComparison)])!;
                return E.Block(
                    typeof(object),
                    [v],
                    E.Assign(v, Emit(call.Target, depth + 1)),
                    E.Condition(
                        E.TypeIs(v, typeof(string)),
                        E.Condition(E.Call(E.Convert(v, typeof(string)), test, E.Constant(constant), E.Constant(StringComparison.Ordinal)), s_true, s_false),
                        E.Call(Method(nameof(TreeRuntime.StringTestError)), E.Constant(call.Function), v, E.Constant(constant))));
            }

            case "size" when (call.Target is null ? args.Count == 1 : args.Count == 0):
                return E.Call(Method(nameof(TreeRuntime.Size)), Emit(call.Target ?? args[0], depth + 1));
            default:
                if (call.Target is null && args.Count == 2 && Operators.Binary(call.Function) is { } op && call.Function != "@in")
                {
                    return E.Call(Method(nameof(TreeRuntime.Strict2)), E.Constant(op), Emit(args[0], depth + 1), Emit(args[1], depth + 1));
                }

                return null;
        }
    }

    /// <summary><c>&amp;&amp;</c> or <c>||</c>: the right side runs only when the left does not decide; errors are absorbed by a deciding side.</summary>
    private static BlockExpression Logic(bool and, E left, E right)
    {
        var l = E.Variable(typeof(object), "l");
        var r = E.Variable(typeof(object), "r");
        var decides = and ? s_false : s_true;
        var tail = and ? nameof(TreeRuntime.AndTail) : nameof(TreeRuntime.OrTail);
        return E.Block(
            typeof(object),
            [l, r],
            E.Assign(l, left),
            E.Condition(
                E.TypeIs(l, typeof(bool)),
                E.Condition(
                    and ? E.Unbox(l, typeof(bool)) : E.Not(E.Unbox(l, typeof(bool))),
                    E.Block(E.Assign(r, right), E.Condition(E.TypeIs(r, typeof(bool)), r, E.Call(Method(tail), l, r))),
                    decides),
                E.Block(E.Assign(r, right), E.Call(Method(tail), l, r))));
    }

    /// <summary>A comparison with a constant: the operand's usual type is compared inline, anything else takes the general path.</summary>
    private static BlockExpression Compare(string function, E operand, object constant)
    {
        var v = E.Variable(typeof(object), "v");
        var general = Operators.Binary(function)!;
        var boxed = constant is long l ? CelValues.Int(l) : constant;
        var type = constant.GetType();
        var x = type == typeof(string) ? null! : E.Unbox(v, type);
        var k = E.Constant(constant, type);
        E test = (function, constant) switch
        {
            ("_==_", string) => E.Call(typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!, E.Convert(v, typeof(string)), k),
            ("_!=_", string) => E.Not(E.Call(typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!, E.Convert(v, typeof(string)), k)),
            (_, string) => E.Call(Method(nameof(TreeRuntime.CompareStrings)), E.Constant(function), E.Convert(v, typeof(string)), k),
            ("_==_", _) => E.Equal(x, k),
            ("_!=_", _) => E.NotEqual(x, k),
            ("_<_", _) => E.LessThan(x, k),
            ("_<=_", _) => E.LessThanOrEqual(x, k),
            ("_>_", _) => E.GreaterThan(x, k),
            _ => E.GreaterThanOrEqual(x, k),
        };
        return E.Block(
            typeof(object),
            [v],
            E.Assign(v, operand),
            E.Condition(
                E.TypeIs(v, type),
                E.Condition(test, s_true, s_false),
                E.Call(Method(nameof(TreeRuntime.Strict2)), E.Constant(general), v, E.Constant(boxed, typeof(object)))));
    }

    /// <summary>
    /// <c>m[k]</c> inside <c>m.all(k, …)</c> (or another macro) over an input map: the value of the entry the loop is
    /// at, so the map is not searched again for a key just taken from it. Null when the index is anything else.
    /// </summary>
    private MapLoop? CurrentEntry(IndexNode index)
    {
        if (index.Key is not IdentNode key || QualifiedName(index.Operand) is not { } path || !IsInputPath(index.Operand))
        {
            return null;
        }

        var slot = _scope.LastIndexOf(key.Name);
        var loop = _mapLoops.LastOrDefault(l => l.Slot == slot && l.Path == path);
        loop?.Used = true;
        return loop;
    }

    private BlockExpression EmitMacro(MacroNode macro, int depth)
    {
        var target = Emit(macro.Target, depth + 1);
        var i = E.Variable(typeof(int), "i");
        var mapLoop = IsInputPath(macro.Target) && QualifiedName(macro.Target) is { } targetPath
            ? new MapLoop(targetPath, _scope.Count, E.Variable(typeof(List<object?>), "values"), i)
            : null;
        if (mapLoop is not null)
        {
            _mapLoops.Add(mapLoop);
        }

        _scope.Add(macro.Variable);
        var slot = _scope.Count - 1;
        Slots = Math.Max(Slots, _scope.Count);
        var variable = E.Variable(typeof(object), macro.Variable);
        _vars.Add(variable);
        var fallbacks = _fallbacks;
        var body = Emit(macro.Body, depth + 1);
        var transform = macro.Transform is null ? null : Emit(macro.Transform, depth + 1);
        var closuresReadTheSlot = _fallbacks != fallbacks;
        _scope.RemoveAt(slot);
        _vars.RemoveAt(slot);
        if (mapLoop is not null)
        {
            _mapLoops.Remove(mapLoop);
        }

        var targetValue = E.Variable(typeof(object), "target");
        var values = mapLoop?.Values ?? E.Variable(typeof(List<object?>), "values");
        var range = E.Variable(typeof(object), "range");
        var items = E.Variable(typeof(List<object?>), "items");
        var r = E.Variable(typeof(object), "r");
        var error = E.Variable(typeof(object), "error");
        var count = E.Variable(typeof(int), "count");
        var result = E.Variable(typeof(List<object?>), "result");
        var end = E.Label(typeof(object), "end");
        var timeout = E.Constant(TreeRuntime.Timeout, typeof(object));
        var isBool = E.TypeIs(r, typeof(bool));
        var asBool = E.Unbox(r, typeof(bool));
        var add = typeof(List<object?>).GetMethod(nameof(List<>.Add))!;
        var step = macro.Kind switch
        {
            "all" or "exists" => E.IfThenElse(
                isBool,
                E.IfThen(macro.Kind == "all" ? E.Not(asBool) : asBool, E.Break(end, macro.Kind == "all" ? s_false : s_true)),
                E.IfThen(E.ReferenceEqual(error, s_null), E.Assign(error, E.Call(Method(nameof(TreeRuntime.MacroError)), E.Constant(macro.Kind), r)))),
            "exists_one" => E.IfThenElse(
                isBool,
                E.IfThen(asBool, E.PostIncrementAssign(count)),
                E.Break(end, E.Call(Method(nameof(TreeRuntime.MacroError)), E.Constant(macro.Kind), r))),
            "filter" => E.IfThenElse(
                isBool,
                E.IfThen(asBool, E.Call(result, add, variable)),
                E.Break(end, E.Call(Method(nameof(TreeRuntime.MacroError)), E.Constant(macro.Kind), r))),
            _ when transform is null => E.IfThenElse(E.TypeIs(r, typeof(CelError)), E.Break(end, r), E.Call(result, add, r)),
            _ => E.IfThenElse(
                isBool,
                E.IfThen(asBool, E.Block(E.Assign(r, transform), E.IfThenElse(E.TypeIs(r, typeof(CelError)), E.Break(end, r), E.Call(result, add, r)))),
                E.Break(end, E.Call(Method(nameof(TreeRuntime.MacroError)), E.Constant("map"), r))),
        };
        E final = macro.Kind switch
        {
            "all" => E.Coalesce(error, s_true),
            "exists" => E.Coalesce(error, s_false),
            "exists_one" => E.Condition(E.Equal(count, E.Constant(1)), s_true, s_false),
            _ => E.Convert(result, typeof(object)),
        };
        var element = E.Call(typeof(CelValues).GetMethod(nameof(CelValues.Normalize))!, E.Property(items, ListItem, i));
        var loopBody = new List<E>
        {
            E.IfThen(E.GreaterThanOrEqual(i, E.Property(items, ListCount)), E.Break(end, final)),
            E.Assign(variable, element),
        };
        if (closuresReadTheSlot)
        {
            loopBody.Add(E.Assign(E.ArrayAccess(E.Property(_a, ActivationLocals), E.Constant(slot)), variable));
        }

        loopBody.Add(E.Assign(r, body));
        loopBody.Add(step);
        loopBody.Add(E.IfThen(E.Call(_a, typeof(Activation).GetMethod(nameof(Activation.Tick))!), E.Break(end, timeout)));
        loopBody.Add(E.PostIncrementAssign(i));
        var collects = macro.Kind is "filter" or "map";
        return E.Block(
            typeof(object),
            [targetValue, values, range, items, i, r, error, count, result, variable],
            E.Assign(targetValue, target),
            E.Assign(values, mapLoop is { Used: true } ? E.Call(Method(nameof(TreeRuntime.ValuesOf)), targetValue) : E.Constant(null, typeof(List<object?>))),
            E.Assign(range, E.Call(Method(nameof(TreeRuntime.Items)), targetValue)),
            E.Condition(
                E.TypeIs(range, typeof(List<object?>)),
                E.Block(
                    typeof(object),
                    E.Assign(items, E.Convert(range, typeof(List<object?>))),
                    E.Assign(i, E.Constant(0)),
                    E.Assign(error, s_null),
                    E.Assign(count, E.Constant(0)),
                    E.Assign(result, collects ? E.New(typeof(List<object?>)) : E.Constant(null, typeof(List<object?>))),
                    E.Loop(E.Block(loopBody), end)),
                range));
    }

    /// <summary>A macro over an input path, while its body is compiled: <see cref="Values"/> holds the map's values in key order.</summary>
    private sealed class MapLoop(string path, int slot, ParameterExpression values, ParameterExpression index)
    {
        public string Path { get; } = path;

        public int Slot { get; } = slot;

        public ParameterExpression Values { get; } = values;

        public ParameterExpression Index { get; } = index;

        public bool Used { get; set; }
    }
}
