using System.Diagnostics;
using Xunit;

namespace ReleaseGate.Policies.Tests;

/// <summary>The guards of issue 4: input size caps, a time limit that stops evaluation, a bounded regex; all fail closed.</summary>
public class PolicyLimitsTests
{
    private static Dictionary<string, object?> Release(object? tools) => new()
    {
        ["release"] = new Dictionary<string, object?> { ["model"] = "gpt-4.1", ["tools"] = tools },
    };

    [Fact]
    public void A_list_over_the_cap_fails_the_rule_naming_the_field()
    {
        var evaluator = new CelPolicyEvaluator(TimeProvider.System, PolicyLimits.Default with { MaxCollectionLength = 1_000 });
        var input = Release(Enumerable.Range(0, 1_001).Select(i => (object?)$"tool_{i}").ToList());

        var outcome = evaluator.Evaluate("size(release.tools) >= 0", input);

        Assert.Null(outcome.Value);
        Assert.Equal("'release.tools' has 1,001 items, more than the limit of 1,000", outcome.Error);
    }

    [Fact]
    public void A_string_over_the_cap_fails_the_rule_naming_the_field()
    {
        var evaluator = new CelPolicyEvaluator(TimeProvider.System);
        var input = Release(new List<object?> { "search_kb", new string('x', 70_000) });

        var outcome = evaluator.Evaluate("true", input);

        Assert.Null(outcome.Value);
        Assert.Equal("'release.tools[1]' is a string of 70,000 characters, more than the limit of 65,536", outcome.Error);
    }

    [Fact]
    public void A_document_with_too_many_values_fails_every_rule()
    {
        var evaluator = new CelPolicyEvaluator(TimeProvider.System, PolicyLimits.Default with { MaxDocumentValues = 500 });
        var slices = Enumerable.Range(0, 300).ToDictionary(i => $"s{i}", i => (object?)new Dictionary<string, object?> { ["pass_rate"] = 1.0 });
        var input = new Dictionary<string, object?> { ["evals"] = new Dictionary<string, object?> { ["core"] = new Dictionary<string, object?> { ["slices"] = slices } } };

        var outcome = evaluator.Evaluate("true", input);

        Assert.Null(outcome.Value);
        Assert.StartsWith("the input holds more than 500 values (the limit); it passed that at 'evals.core.slices.s", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_within_the_caps_evaluates()
    {
        var evaluator = new CelPolicyEvaluator(TimeProvider.System);
        var input = Release(Enumerable.Range(0, 100_000).Select(i => (object?)$"tool_{i}").ToList());

        Assert.Equal(true, evaluator.Evaluate("release.tools.all(t, t.startsWith('tool_'))", input).Value);
    }

    [Fact]
    public void A_rule_past_its_time_limit_stops_and_fails()
    {
        // A billion iterations: without a check inside the loops this would run for minutes.
        var evaluator = new CelPolicyEvaluator(TimeProvider.System, TimeSpan.FromMilliseconds(50));
        var input = Release(Enumerable.Range(0, 1_000).Select(i => (object?)(long)i).ToList());
        var clock = Stopwatch.StartNew();

        var outcome = evaluator.Evaluate("release.tools.all(a, release.tools.all(b, release.tools.all(c, a + b + c >= 0)))", input);

        Assert.Null(outcome.Value);
        Assert.Equal("it ran longer than 50 ms", outcome.Error);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 3_000);
    }

    [Fact]
    public void A_catastrophic_regex_fails_closed_quickly()
    {
        var evaluator = new CelPolicyEvaluator(TimeProvider.System, PolicyLimits.Default with { RegexMatchTimeout = TimeSpan.FromMilliseconds(50) });
        var clock = Stopwatch.StartNew();

        var outcome = evaluator.Evaluate("!('aaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('(a+)+$'))", Release(new List<object?>()));

        Assert.Null(outcome.Value);
        Assert.Equal("the regular expression '(a+)+$' took longer than 50 ms to match", outcome.Error);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 3_000);
    }

    [Fact]
    public void An_invalid_regex_is_an_error_not_a_pass()
    {
        var outcome = new CelPolicyEvaluator(TimeProvider.System).Evaluate("!release.model.matches('gpt-(4')", Release(new List<object?>()));

        Assert.Null(outcome.Value);
        Assert.StartsWith("invalid regular expression 'gpt-(4'", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("release.tools.exist(t, t == 'x')", "unknown function 'exist'; did you mean 'exists'? (at column 15)")]
    [InlineData("release.model.startsWith()", "startsWith() does not take 1 argument(s) (at column 15)")]
    [InlineData("release.model.lowerAscii() == 'gpt' &&", "the expression ends where a value was expected (at column 39)")]
    [InlineData("release.tools.all(t, t in ['a', 'b'", "expected ']' but found the end of the expression (at column 36)")]
    [InlineData("[1, 2", "expected ']' but found the end of the expression (at column 6)")]
    [InlineData("'unterminated", "unterminated string literal (at column 1)")]
    [InlineData("9223372036854775808 > 0", "integer literal '9223372036854775808' is out of range (at column 1)")]
    public void A_bad_expression_is_a_syntax_error_with_its_column(string expression, string message)
    {
        var outcome = new CelPolicyEvaluator(TimeProvider.System).Evaluate(expression, Release(new List<object?>()));

        Assert.Null(outcome.Value);
        Assert.Equal(message, outcome.Error);
    }

    [Fact]
    public void A_hostile_nesting_is_a_syntax_error_not_a_stack_overflow()
    {
        var expression = new string('(', 5_000) + "true" + new string(')', 5_000);

        var outcome = new CelPolicyEvaluator(TimeProvider.System).Evaluate(expression, Release(new List<object?>()));

        Assert.Null(outcome.Value);
        Assert.StartsWith("the expression nests deeper than 200 levels", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluations_on_many_threads_do_not_interfere()
    {
        var evaluator = new CelPolicyEvaluator(TimeProvider.System, TimeSpan.FromSeconds(30));
        const string rule = "release.tools.all(t, t.startsWith('tool_')) && release.tools.exists(t, t == release.model)";

        var results = Enumerable.Range(0, 64).AsParallel().Select(i =>
        {
            var tools = Enumerable.Range(0, 200).Select(k => (object?)$"tool_{k}").ToList();
            var input = new Dictionary<string, object?> { ["release"] = new Dictionary<string, object?> { ["model"] = $"tool_{(i % 2 == 0 ? i : 500 + i)}", ["tools"] = tools } };
            return (i, evaluator.Evaluate(rule, input).Value);
        }).ToList();

        Assert.All(results, r => Assert.Equal(r.i % 2 == 0, r.Value));
    }
}
