using ReleaseGate.Policies.Cel;
using Xunit;

namespace ReleaseGate.Policies.Tests;

/// <summary>The compiled closures give the right results on the shapes the compiler treats specially: macros over maps and lists, input paths read inside loops, <c>in</c> over constant lists, short-circuits.</summary>
public class CompilationTests
{
    private static readonly Dictionary<string, object?> s_input = new()
    {
        ["slices"] = new Dictionary<string, object?>
        {
            ["refunds"] = new Dictionary<string, object?> { ["pass_rate"] = 0.97, ["cases"] = 40L },
            ["billing"] = new Dictionary<string, object?> { ["pass_rate"] = 0.88, ["cases"] = 12L },
        },
        ["other"] = new Dictionary<string, object?> { ["refunds"] = 1L },
        ["tools"] = new List<object?> { "search_kb", "lookup_order" },
        ["n"] = 3,
    };

    [Theory]
    [InlineData("slices.all(s, slices[s].pass_rate >= 0.85)", "true")]
    [InlineData("slices.all(s, slices[s].pass_rate >= 0.9)", "false")]
    [InlineData("slices.exists(s, slices[s].cases > 30 && s == 'refunds')", "true")]
    [InlineData("slices.map(s, slices[s].cases)", "[40, 12]")]
    [InlineData("slices.filter(s, slices[s].pass_rate < 0.9)", "['billing']")]
    [InlineData("slices.all(s, slices.all(s, slices[s].cases > 0))", "true")]
    [InlineData("slices.exists(s, other.exists(s, slices[s].cases == 40))", "true")]
    [InlineData("slices.all(s, other[s] == 1)", "error")]
    [InlineData("tools.all(t, tools[0] == 'search_kb')", "true")]
    [InlineData("tools.map(t, size(t))", "[9, 12]")]
    [InlineData("tools.exists_one(t, t.endsWith('_order'))", "true")]
    [InlineData("n + 1 == 4 && type(n) == int", "true")]
    [InlineData("google.protobuf.Duration == type(duration('1s'))", "true")]
    [InlineData("tools.all(t, t in ['search_kb', 'lookup_order'])", "true")]
    [InlineData("tools.all(t, t in ['search_kb'])", "false")]
    [InlineData("tools.map(t, t.size()).all(x, x > 8) ? 'long' : 'short'", "'long'")]
    [InlineData("tools.all(t, 1 / 0 == 1 || t != '')", "true")]
    [InlineData("tools.all(t, t != '' && 1 / 0 == 1)", "error")]
    public void The_compiled_closures_give_the_expected_value(string expression, string expected)
    {
        var regexes = new RegexCache(TimeSpan.FromSeconds(1));
        var now = DateTimeOffset.UnixEpoch;
        var program = CelProgram.Compile(expression);

        // Twice on one program: a compiled program keeps no evaluation state (memos live in the activation).
        for (var k = 0; k < 2; k++)
        {
            var actual = program.Evaluate(s_input, now, TimeSpan.FromSeconds(5), regexes);
            if (expected == "error")
            {
                Assert.IsType<CelError>(actual);
                continue;
            }

            var value = CelProgram.Compile(expected).Evaluate(s_input, now, TimeSpan.FromSeconds(5), regexes);
            Assert.True(ConformanceTests.SameValue(value, actual), $"gave {CelValues.Format(actual)}");
        }
    }
}
