using CsCheck;
using ReleaseGate.Policies.Cel;
using Xunit;

namespace ReleaseGate.Policies.Tests;

/// <summary>
/// Our engine against the Cel package, the reference: generated expressions over generated inputs must give the same
/// value, or both an error. Expressions stay where the package is right (see Conformance/package-differences.txt):
/// no macros over maps, no bytes, no boolean operators over non-booleans (the package returns null there, where CEL
/// says error — both fail closed, and the conformance cases cover them), and no ordering of strings built with <c>+</c>
/// (the package finds no overload of <c>&lt;</c> for them: seed 4lFh44_2Hfy1 drew <c>'ab' &lt; (cfg.name + 'ab')</c>).
/// </summary>
public class DifferentialTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly RegexCache s_regexes = new(TimeSpan.FromSeconds(1));

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> s_stringLiteral = Pick("''", "'a'", "'ab'", "'tool_'", "'search_kb'", "'x'", "'B'");
    private static readonly Gen<string> s_word = Pick("", "a", "ab", "tool_1", "search_kb", "lookup_order", "x", "B", "b");

    private static Gen<string> Int(int depth, string? local = null)
    {
        var leaves = Gen.OneOf(
            Gen.Int[-5, 12].Select(i => i < 0 ? $"({i})" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Pick("n", "m", "size(s)", "size(xs)", "cfg.a", "size(ss)", local ?? "n"));
        if (depth <= 0)
        {
            return leaves;
        }

        var sub = Int(depth - 1, local);
        return Gen.Frequency(
            (4, leaves),
            (3, Gen.Select(sub, Pick("+", "-", "*", "/", "%"), sub, (a, op, b) => $"({a} {op} {b})")),
            (1, Gen.Select(Bool(depth - 1, local), sub, sub, (c, a, b) => $"({c} ? {a} : {b})")),
            (1, Gen.Int[-1, 4].Select(i => $"xs[{i}]")));
    }

    private static Gen<string> Str(int depth, string? local = null)
    {
        var leaves = Gen.OneOf(s_stringLiteral, Pick("s", "t", "cfg.name", local ?? "s"));
        return depth <= 0
            ? leaves
            : Gen.Frequency((4, leaves), (2, Gen.Select(Str(depth - 1, local), Str(depth - 1, local), (a, b) => $"({a} + {b})")), (1, Gen.Int[-1, 3].Select(i => $"ss[{i}]")));
    }

    private static Gen<string> Bool(int depth, string? intLocal = null, string? strLocal = null)
    {
        var i = Int(Math.Max(0, depth - 1), intLocal);
        var st = Str(Math.Max(0, depth - 1), strLocal);
        var leaves = Gen.OneOf(
            Pick("true", "false", "b", "has(cfg.a)", "has(cfg.zzz)", "d > 0.5", "d <= 1.5"),
            Gen.Select(i, Pick("==", "!=", "<", "<=", ">", ">="), i, (a, op, b) => $"{a} {op} {b}"),
            Gen.Select(st, Pick("==", "!="), st, (a, op, b) => $"{a} {op} {b}"),
            Gen.Select(Str(0, strLocal), Pick("<", ">"), Str(0, strLocal), (a, op, b) => $"{a} {op} {b}"),
            Gen.Select(st, Pick("startsWith", "endsWith", "contains"), st, (a, f, b) => $"{a}.{f}({b})"),
            Gen.Select(i, a => $"{a} in xs"),
            Gen.Select(st, a => $"{a} in ss"),
            Gen.Select(st, a => $"{a} in ['a', 'tool_1', 'search_kb']"));
        if (depth <= 0)
        {
            return leaves;
        }

        var sub = Bool(depth - 1, intLocal, strLocal);
        return Gen.Frequency(
            (5, leaves),
            (2, Gen.Select(sub, Pick("&&", "||"), sub, (a, op, b) => $"({a} {op} {b})")),
            (1, sub.Select(a => $"!({a})")),
            (1, Gen.Select(Bool(depth - 1, "x", strLocal), Pick("all", "exists", "exists_one"), (body, m) => $"xs.{m}(x, {body})")),
            (1, Gen.Select(Bool(depth - 1, intLocal, "v"), Pick("all", "exists", "exists_one"), (body, m) => $"ss.{m}(v, {body})")),
            (1, Gen.Select(Bool(depth - 1, "x", strLocal), Int(depth - 1), (p, k) => $"size(xs.filter(x, {p})) == {k}")),
            (1, Gen.Select(Int(depth - 1, "x"), Int(0), (f, k) => $"xs.map(x, {f}).exists(y, y == {k})")));
    }

    private static readonly Gen<Dictionary<string, object?>> s_input = Gen.Select(
        Gen.Select(Gen.Long[-3, 9], Gen.Long[-3, 9], Gen.Double[-1, 3], s_word, s_word, Gen.Bool),
        Gen.Long[-3, 9].List[0, 5],
        s_word.List[0, 4],
        Gen.Select(Gen.Long[-3, 9], s_word, Gen.Bool),
        (scalars, xs, ss, cfg) => new Dictionary<string, object?>
        {
            ["n"] = scalars.Item1,
            ["m"] = scalars.Item2,
            ["d"] = Math.Round(scalars.Item3, 2),
            ["s"] = scalars.Item4,
            ["t"] = scalars.Item5,
            ["b"] = scalars.Item6,
            ["xs"] = xs.Cast<object?>().ToList(),
            ["ss"] = ss.Cast<object?>().ToList(),
            ["cfg"] = cfg.Item3
                ? new Dictionary<string, object?> { ["a"] = cfg.Item1, ["name"] = cfg.Item2 }
                : new Dictionary<string, object?> { ["a"] = cfg.Item1, ["name"] = cfg.Item2, ["zzz"] = true },
        });

    [Fact]
    public void Our_engine_gives_what_the_cel_package_gives()
    {
        var (values, errors) = (0, 0);
        Gen.Select(Gen.Int[0, 3].SelectMany(depth => Bool(depth)), s_input).Sample(
            (expression, input) =>
            {
                var ours = CelProgram.Compile(expression).Evaluate(input, s_now, TimeSpan.FromSeconds(5), s_regexes);
                var (isError, value) = CelPackageReference.Evaluate(expression, input);

                // The package returns null where CEL says error (conformance: logic/AND/no_overload); both fail closed.
                var theirs = isError || value is null ? null : ConformanceTests.FromPackage(value);
                var agree = ours is CelError ? theirs is null : theirs is not null && ConformanceTests.SameValue(ours, theirs);
                Assert.True(agree, $"{expression} over {CelValues.Format(input)}: ours {CelValues.Format(ours)}, the package's {(isError ? "error " : "")}{value}");
                _ = ours is CelError ? Interlocked.Increment(ref errors) : Interlocked.Increment(ref values);
            },
            iter: 1500);

        // Not a vacuous agreement on errors: most expressions give a value.
        Assert.InRange(values, errors, int.MaxValue);
    }
}
