using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using Xunit;

namespace ReleaseGate.Runner.Tests.Assertions;

// Issue 23, item 1: the engine is chosen per pattern, matchers are shared and bounded, and built only when first used.
public sealed class RegexEngineTests
{
    private static readonly SourceLocation Here = new("suite.yaml", 3, 5);

    private static TargetResponse Answer(string output) => new(output, [], 12);

    [Theory]
    [InlineData(@"^answer: 17$")]
    [InlineData(@"\d{4}")]
    [InlineData(@"(?i)refund|colleague")]
    [InlineData(@"^Repeat after me: w[0-9]+$")]
    [InlineData(@"(\d{3}-)+\d{4}")]
    [InlineData(@"\b(yes|no)\b")]
    [InlineData(@".*error.*")]
    [InlineData(@"[(+*]+\(a+\)")]
    [InlineData(@"\p{L}+ \d+")]
    [InlineData(@"(?<word>\w+) \k<word>")]
    [InlineData(@"a{2,3}(?# nested (a+ )b")]
    public void Everyday_patterns_are_safe_for_backtracking(string pattern) => Assert.False(PatternRisk.IsRisky(pattern));

    [Theory]
    [InlineData(@"^(a+)+$")]
    [InlineData(@"(a*)*b")]
    [InlineData(@"(a|ab)*c")]
    [InlineData(@"^(\w+\s?)*$")]
    [InlineData(@"(?:x+y?){2,}")]
    [InlineData(@"((a+)?)+")]
    [InlineData(@"(a+){20}")]
    [InlineData(@".*a.*b.*c")]
    [InlineData(@"(?x) (a+)+ # free spacing")]
    [InlineData(@"(?(a)b|c)")]
    [InlineData(@"(?<n>a+)+")]
    public void Patterns_that_can_backtrack_catastrophically_are_risky(string pattern) => Assert.True(PatternRisk.IsRisky(pattern));

    [Fact]
    public void A_normal_pattern_runs_on_the_backtracking_engine()
    {
        var regex = new RegexCache(64).Get(@"^answer: 17$");

        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.False(regex.Options.HasFlag(RegexOptions.Compiled));
        Assert.True(regex.Options.HasFlag(RegexOptions.CultureInvariant));
        Assert.Equal(RegexAssertion.MatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void A_catastrophic_pattern_runs_on_the_non_backtracking_engine_and_answers_at_once()
    {
        var cache = new RegexCache(64);
        var assertion = new RegexAssertion("regex", 1, @"^(a+)+$", cache);
        var output = new string('a', 5000) + "b";

        var clock = Stopwatch.StartNew();
        var outcome = assertion.Evaluate(Answer(output));
        clock.Stop();

        Assert.True(cache.Get(@"^(a+)+$").Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.False(outcome.Pass);
        Assert.StartsWith("Expected the output to match the pattern \"^(a+)+$\", but it does not;", outcome.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < RegexAssertion.MatchTimeout, $"took {clock.Elapsed}");
        Assert.True(assertion.Evaluate(Answer(new string('a', 5000))).Pass);
    }

    [Fact]
    public void A_backreference_works_on_the_backtracking_engine()
    {
        var cache = new RegexCache(64);
        var assertion = new RegexAssertion("regex", 1, @"^(\w+) \1$", cache);

        Assert.True(assertion.Evaluate(Answer("hello hello")).Pass);
        Assert.False(assertion.Evaluate(Answer("hello world")).Pass);
        Assert.False(cache.Get(@"^(\w+) \1$").Options.HasFlag(RegexOptions.NonBacktracking));
    }

    [Fact]
    public void A_risky_pattern_the_non_backtracking_engine_cannot_take_keeps_the_timeout()
    {
        var regex = new RegexCache(64).Get(@"^(\w+\s?)+\1$");

        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(RegexAssertion.MatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void A_timeout_fails_the_assertion_with_its_reason_also_for_not_regex()
    {
        // The lookahead keeps the pattern on the backtracking engine, where it cannot finish within the timeout.
        var cache = new RegexCache(64);
        var output = new string('a', 64) + "b";
        foreach (var type in new[] { "regex", "not-regex" })
        {
            var outcome = new RegexAssertion(type, 1, @"^(?=(a+)+$)", cache).Evaluate(Answer(output));

            Assert.False(outcome.Pass);
            Assert.Equal(0, outcome.Score);
            Assert.Contains("took longer than 1000 ms on the output, twice (catastrophic backtracking), so the assertion fails", outcome.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cases_with_the_same_pattern_share_one_matcher()
    {
        var cache = new RegexCache(64);
        var assertions = Enumerable.Range(0, 100).Select(_ => new RegexAssertion("regex", 1, @"^answer: \d+$", cache)).ToList();

        Assert.All(assertions, a => Assert.True(a.Evaluate(Answer("answer: 17")).Pass));
        Assert.Equal(1, cache.Builds);
        Assert.Same(cache.Get(@"^answer: \d+$"), cache.Get(@"^answer: \d+$"));
    }

    [Fact]
    public void More_patterns_than_the_cache_holds_all_evaluate_correctly_and_the_cache_stays_bounded()
    {
        const int capacity = 64;
        var cache = new RegexCache(capacity);
        for (var i = 0; i < 2_000; i++)
        {
            // Every tenth pattern is risky, so both engines come and go.
            var pattern = i % 10 == 0 ? $"^(a+)+{i}$" : $"^answer: {i}$";
            var matching = i % 10 == 0 ? $"aaa{i}" : $"answer: {i}";
            var assertion = new RegexAssertion("regex", 1, pattern, cache);

            Assert.True(assertion.Evaluate(Answer(matching)).Pass, pattern);
            Assert.False(assertion.Evaluate(Answer(matching + "0")).Pass, pattern);
            Assert.InRange(cache.Weight, 1, capacity);
        }

        Assert.InRange(cache.Count, 1, capacity);

        // A shared pattern used between the others stays built.
        var shared = new RegexAssertion("regex", 1, "^shared$", cache);
        Assert.True(shared.Evaluate(Answer("shared")).Pass);
        var builds = cache.Builds;
        for (var i = 0; i < 500; i++)
        {
            Assert.True(new RegexAssertion("regex", 1, $"^own {i}$", cache).Evaluate(Answer($"own {i}")).Pass);
            Assert.True(shared.Evaluate(Answer("shared")).Pass);
        }

        Assert.Equal(builds + 500, cache.Builds);
    }

    [Fact]
    public void Validating_a_pattern_builds_no_matcher_and_remembers_the_verdict()
    {
        var cache = new RegexCache(64);

        Assert.True(cache.TryValidate("^answer: 17$", out var problem));
        Assert.Null(problem);
        Assert.True(cache.TryValidate("^answer: 17$".AsSpan(), out _));
        Assert.Equal(1, cache.Count);
        Assert.Equal(0, cache.Builds);
        Assert.False(cache.HoldsMatcher("^answer: 17$"));

        Assert.False(cache.TryValidate("(", out problem));
        Assert.Contains("Not enough )'s", problem, StringComparison.Ordinal);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Compiling_many_cases_builds_no_matcher_until_a_response_is_evaluated()
    {
        // Patterns of their own, so that no other test touches them in the shared cache.
        var tag = Guid.NewGuid().ToString("N");
        var patterns = Enumerable.Range(0, 200).Select(i => $"^answer {tag}: {i}$").ToList();
        var cases = patterns.Select(p => CaseAssertions.Compile([new SuiteAssertion("regex", JsonValue.Create(p), null, 1)], Here).GetValueOrThrow()).ToList();

        Assert.All(patterns, p => Assert.False(RegexCache.Shared.HoldsMatcher(p)));

        Assert.True(cases[7].Evaluate(Answer($"answer {tag}: 7")).Pass);
        Assert.True(RegexCache.Shared.HoldsMatcher(patterns[7]));
        Assert.Equal(1, patterns.Count(RegexCache.Shared.HoldsMatcher));
    }

    [Fact]
    public void A_loaded_suite_builds_no_matcher_until_its_first_answer_is_graded()
    {
        using var fixture = new RunnerFixture();
        var tag = Guid.NewGuid().ToString("N");
        var patterns = Enumerable.Range(0, 300).Select(i => $"^answer {tag}: {i}$").ToList();
        fixture.Write("cases.jsonl", string.Concat(patterns.Select((p, i) =>
            $"{{\"id\":\"c{i}\",\"vars\":{{\"q\":\"x\"}},\"assert\":[{{\"type\":\"regex\",\"value\":\"{p}\"}}]}}\n")));
        var suite = RunnerFixture.Load(fixture.Write("suite.yaml", "apiVersion: releasegate/v1\nkind: Suite\nname: s\nprompts: { user: '{{q}}' }\ncase_files: [cases.jsonl]\n"));

        var cases = suite.Cases().ToList();
        Assert.Equal(300, cases.Count);
        Assert.All(patterns, p => Assert.False(RegexCache.Shared.HoldsMatcher(p)));

        Assert.True(cases[42].Assertions.Evaluate(Answer($"answer {tag}: 42")).Pass);
        Assert.False(cases[43].Assertions.Evaluate(Answer($"answer {tag}: 42")).Pass);
        Assert.Equal(2, patterns.Count(RegexCache.Shared.HoldsMatcher));
    }

    [Fact]
    public void A_case_file_changed_after_the_check_fails_the_pattern_that_no_longer_parses()
    {
        using var fixture = new RunnerFixture();
        var cases = fixture.Write("cases.jsonl", """{"id":"c1","vars":{"q":"x"},"assert":[{"type":"not-regex","value":"^fine$"}]}""" + "\n");
        var suite = RunnerFixture.Load(fixture.Write("suite.yaml", "apiVersion: releasegate/v1\nkind: Suite\nname: s\nprompts: { user: '{{q}}' }\ncase_files: [cases.jsonl]\n"));
        File.WriteAllText(cases, """{"id":"c1","vars":{"q":"x"},"assert":[{"type":"not-regex","value":"(unclosed"}]}""" + "\n");

        var grade = Assert.Single(suite.Cases()).Assertions.Evaluate(Answer("anything"));

        Assert.False(grade.Pass);
        Assert.StartsWith("The pattern \"(unclosed\" is not a valid regular expression (", grade.Assertions[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_no_longer_parses_at_evaluation_fails_the_assertion()
    {
        var outcome = new RegexAssertion("not-regex", 1, "(", new RegexCache(64)).Evaluate(Answer("anything"));

        Assert.False(outcome.Pass);
        Assert.StartsWith("The pattern \"(\" is not a valid regular expression (", outcome.Reason, StringComparison.Ordinal);
    }
}
