using ReleaseGate.Policies.Cel;
using Xunit;

namespace ReleaseGate.Policies.Tests;

/// <summary>The two compilations (closures, and IL through expression trees) give the same results, on the shapes the IL one treats specially.</summary>
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
    public void Both_compilations_agree(string expression, string expected)
    {
        var regexes = new RegexCache(TimeSpan.FromSeconds(1));
        var now = DateTimeOffset.UnixEpoch;
        var closures = CelProgram.Compile(expression).Evaluate(s_input, now, TimeSpan.FromSeconds(5), regexes);
        var il = CelProgram.Compile(expression, treeNow: true).Evaluate(s_input, now, TimeSpan.FromSeconds(5), regexes);

        if (expected == "error")
        {
            Assert.IsType<CelError>(closures);
            Assert.IsType<CelError>(il);
            return;
        }

        var value = CelProgram.Compile(expected).Evaluate(s_input, now, TimeSpan.FromSeconds(5), regexes);
        Assert.True(ConformanceTests.SameValue(value, closures), $"closures gave {CelValues.Format(closures)}");
        Assert.True(ConformanceTests.SameValue(value, il), $"IL gave {CelValues.Format(il)}");
    }

    [Fact]
    public void A_program_moves_to_IL_after_a_few_evaluations()
    {
        var program = CelProgram.Compile("tools.all(t, size(t) > 3)");
        var regexes = new RegexCache(TimeSpan.FromSeconds(1));

        for (var k = 0; k <= CelProgram.TreeAfter; k++)
        {
            Assert.False(program.IsTree);
            Assert.Equal(true, program.Evaluate(s_input, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(5), regexes));
        }

        Assert.True(program.IsTree);
        Assert.Equal(true, program.Evaluate(s_input, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(5), regexes));
    }
}
