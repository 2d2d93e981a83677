using ReleaseGate.Policies.Cel;
using Xunit;

namespace ReleaseGate.Policies.Tests;

/// <summary>
/// The official CEL conformance cases that matter to policies (google/cel-spec tests/simple/testdata: basic,
/// comparisons, logic, macros, string, fields, lists, integer_math, fp_math, conversions, timestamps), transcribed
/// under Conformance/ with their source named. Our engine must pass every one; the Cel package must pass every one
/// but those in Conformance/package-differences.txt, so the day it changes we know.
/// </summary>
public class ConformanceTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly RegexCache s_regexes = new(TimeSpan.FromSeconds(1));

    public static TheoryData<string> Cases() => [.. ConformanceCase.All.Where(c => !c.Skipped).Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_engine_passes_the_case(string name)
    {
        var test = ConformanceCase.All.Single(c => c.ToString() == name);
        var input = Bindings(test);

        var actual = CelProgram.Compile(test.Expression).Evaluate(input, s_now, TimeSpan.FromSeconds(5), s_regexes);

        if (test.ExpectsError)
        {
            Assert.True(actual is CelError, $"{name}: expected an error, got {CelValues.Format(actual)}");
        }
        else
        {
            var expected = Evaluate(test.Expected, input);
            Assert.True(actual is not CelError, $"{name}: expected {CelValues.Format(expected)}, got the error {CelValues.Format(actual)}");
            Assert.True(SameValue(expected, actual), $"{name}: expected {CelValues.Format(expected)} ({CelValues.TypeName(expected)}), got {CelValues.Format(actual)} ({CelValues.TypeName(actual)})");
        }
    }

    [Fact]
    public void The_cases_not_run_are_the_nanosecond_ones_and_the_files_are_all_there()
    {
        var skipped = ConformanceCase.All.Where(c => c.Skipped).Select(c => c.ToString()).ToList();

        Assert.Equal(
            ["timestamps/timestamp_conversions/toString_timestamp_nanos", "timestamps/timestamp_arithmetic/add_time_to_duration_nanos_negative", "timestamps/timestamp_arithmetic/add_time_to_duration_nanos_positive", "timestamps/timestamp_range/add_duration_nanos_over", "timestamps/timestamp_range/add_duration_nanos_under"],
            skipped);
        Assert.Equal(
            ["basic.txt", "comparisons.txt", "conversions.txt", "fields.txt", "fp_math.txt", "integer_math.txt", "lists.txt", "logic.txt", "macros.txt", "string.txt", "timestamps.txt"],
            ConformanceCase.All.Select(c => c.File).Distinct().Order(StringComparer.Ordinal));

        // The deviation is real: ticks of 100 ns cannot hold the last two digits.
        var text = CelProgram.Compile("string(timestamp('9999-12-31T23:59:59.999999999Z'))").Evaluate(new Dictionary<string, object?>(), s_now, TimeSpan.FromSeconds(1), s_regexes);
        Assert.Equal("9999-12-31T23:59:59.9999999Z", text);
    }

    [Fact]
    public void The_cel_package_passes_every_case_but_its_known_differences()
    {
        var differences = new List<string>();
        foreach (var test in ConformanceCase.All.Where(c => !c.Skipped))
        {
            var input = Bindings(test);
            var (isError, value) = CelPackageReference.Evaluate(test.Expression, input);
            var agrees = test.ExpectsError ? isError : !isError && SameValue(Evaluate(test.Expected, input), FromPackage(value));
            if (!agrees)
            {
                differences.Add($"{test} (expected {test.Expected}; the package gives {(isError ? "an error: " + value : CelValues.Format(FromPackage(value)) + " (" + CelValues.TypeName(FromPackage(value)) + ")")})");
            }
        }

        var known = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Conformance", "package-differences.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ')[0])
            .ToList();
        Assert.True(
            known.SequenceEqual(differences.Select(d => d.Split(' ')[0])),
            "The Cel package's conformance differences changed; they are now:\n" + string.Join("\n", differences));
    }

    private static IReadOnlyDictionary<string, object?> Bindings(ConformanceCase test) =>
        test.Bindings is null ? new Dictionary<string, object?>() : (IReadOnlyDictionary<string, object?>)Evaluate(test.Bindings, new Dictionary<string, object?>())!;

    private static object? Evaluate(string expression, IReadOnlyDictionary<string, object?> input) =>
        CelProgram.Compile(expression).Evaluate(input, s_now, TimeSpan.FromSeconds(5), s_regexes) is var v && v is CelError e
            ? throw new InvalidOperationException($"the expectation '{expression}' does not evaluate: {e.Message}")
            : v;

    /// <summary>Equal values of the same type, all the way down (so 1 is not 1u, nor 1.0).</summary>
    internal static bool SameValue(object? a, object? b)
    {
        if (CelValues.TypeName(a) != CelValues.TypeName(b))
        {
            return false;
        }

        return (a, b) switch
        {
            (double x, double y) => x.Equals(y),
            (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => x.Count == y.Count && x.Zip(y).All(p => SameValue(CelValues.Normalize(p.First), CelValues.Normalize(p.Second))),
            _ when CelValues.IsMap(a) => CelValues.Count(a!) == CelValues.Count(b!) && CelValues.Keys(a!).All(k => CelValues.TryGet(a!, k, out var x) && CelValues.TryGet(b!, k, out var y) && SameValue(x, y)),
            _ => CelValues.Equal(a, b) is true,
        };
    }

    /// <summary>A value the Cel package returned, in our representation.</summary>
    internal static object? FromPackage(object? v) => v switch
    {
        null => null,
        int i => (long)i,
        uint u => (ulong)u,
        Google.Protobuf.ByteString bytes => bytes.ToByteArray(),
        Google.Protobuf.WellKnownTypes.Timestamp t => t.ToDateTimeOffset(),
        Google.Protobuf.WellKnownTypes.Duration d => d.ToTimeSpan(),
        DateTime t => new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero),
        string or long or ulong or double or bool or byte[] or DateTimeOffset or TimeSpan => v,
        System.Collections.IDictionary map => Map(map),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(FromPackage).ToList(),
        _ => CelType.ByName.TryGetValue(v.ToString() ?? "", out var type) ? type : v,
    };

    private static object Map(System.Collections.IDictionary map)
    {
        var entries = map.Keys.Cast<object>().ToDictionary(k => FromPackage(k)!, k => FromPackage(map[k]), CelMap.KeyComparer);
        return entries.Keys.All(k => k is string)
            ? entries.ToDictionary(p => (string)p.Key, p => p.Value, StringComparer.Ordinal)
            : new CelMap(entries);
    }
}
