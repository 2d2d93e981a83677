using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using Xunit;

namespace ReleaseGate.Runner.Tests.Assertions;

public sealed class CaseAssertionsTests
{
    private static readonly SourceLocation Here = new("suite.yaml", 3, 5);

    private static readonly TargetResponse Paris = new("Paris", [], 12);

    private static CaseAssertions Compile(params SuiteAssertion[] assertions) =>
        CaseAssertions.Compile(assertions, Here).GetValueOrThrow();

    [Fact]
    public async Task Rubric_without_a_judge_throws_and_never_passes()
    {
        var compiled = Compile(new SuiteAssertion("contains", JsonValue.Create("Paris"), null, 1), new SuiteAssertion("llm-rubric", JsonValue.Create("polite"), null, 1));

        Assert.True(compiled.RequiresJudge);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => compiled.EvaluateAsync(Paris, null, CancellationToken.None));
        Assert.Contains("no judge is configured", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_without_rubric_need_no_judge()
    {
        var compiled = Compile(new SuiteAssertion("contains", JsonValue.Create("Paris"), null, 1));

        Assert.False(compiled.RequiresJudge);
        var grade = await compiled.EvaluateAsync(Paris, null, CancellationToken.None);
        Assert.True(grade.Pass);
    }

    [Fact]
    public async Task A_failing_judge_propagates_so_the_runner_records_an_error()
    {
        var compiled = Compile(new SuiteAssertion("llm-rubric", JsonValue.Create("polite"), null, 1));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => compiled.EvaluateAsync(Paris, new ThrowingJudge(), CancellationToken.None));
        Assert.Equal("judge unreachable", e.Message);
    }

    [Fact]
    public async Task Cancellation_reaches_the_judge()
    {
        var compiled = Compile(new SuiteAssertion("llm-rubric", JsonValue.Create("polite"), null, 1));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => compiled.EvaluateAsync(Paris, new ScriptedJudge(new JudgeGrade(true, 1, "fine")), cts.Token));
    }

    [Fact]
    public async Task The_judge_is_asked_once_per_rubric()
    {
        var judge = new ScriptedJudge(new JudgeGrade(true, 1, "fine"));
        var compiled = Compile(new SuiteAssertion("llm-rubric", JsonValue.Create("polite"), null, 1), new SuiteAssertion("llm-rubric", JsonValue.Create("short"), null, 1));

        await compiled.EvaluateAsync(Paris, judge, CancellationToken.None);

        Assert.Equal(2, judge.Calls);
    }

    [Fact]
    public void Assertions_built_in_code_are_located_at_their_case()
    {
        var result = CaseAssertions.Compile([new SuiteAssertion("regex", JsonValue.Create("("), null, 1)], Here);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("suite.yaml:3:5: RG1451: the pattern of assertion 'regex' is not a valid regular expression:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_name_the_line_and_column_of_the_assertion_in_the_suite()
    {
        const string text = """
            apiVersion: releasegate/v1
            kind: Suite
            name: s
            cases:
              - id: a
                assert:
                  - { type: contains, value: ok }
                  - type: regex
                    value: "order (\\d+"
            """;
        var suite = SuiteParser.Parse(text, "suites/s.yaml").GetValueOrThrow();

        var error = Assert.Single(CaseAssertions.Compile(suite.Cases[0].Assertions, suite.Cases[0].Location).Errors);

        Assert.Equal(new SourceLocation("suites/s.yaml", 8, 9), error.Location);
        Assert.Equal(ErrorCodes.AssertionRegex, error.Code);
    }

    [Fact]
    public void Errors_in_a_case_file_name_its_line()
    {
        const string text = """
            apiVersion: releasegate/v1
            kind: Suite
            name: s
            defaults:
              assert:
                - { type: not-icontains, value: "as an AI" }
            """;
        var suite = SuiteParser.Parse(text, "s.yaml").GetValueOrThrow();
        const string jsonl = """
            {"id":"a","assert":[{"type":"contains","value":"ok"}]}

            {"id":"b","assert":[{"type":"json-pointer","value":{"pointer":"id","equals":1}}]}
            """;
        suite = SuiteParser.AddCases(suite, jsonl, "cases.jsonl").GetValueOrThrow();
        var b = suite.Cases.Single(c => c.Id == "b");

        var error = Assert.Single(CaseAssertions.Compile(b.Assertions, b.Location).Errors);

        Assert.Equal("cases.jsonl", error.Location.File);
        Assert.Equal(3, error.Location.Line);
        Assert.Equal(ErrorCodes.AssertionPointer, error.Code);
        Assert.Equal(new SourceLocation("s.yaml", 6, 7), b.Assertions[0].Location);
    }

    [Fact]
    public async Task One_compiled_case_grades_correctly_from_many_threads()
    {
        var compiled = Compile(
            new SuiteAssertion("regex", JsonValue.Create(@"^order \d+$"), null, 1),
            new SuiteAssertion("json-schema", JsonNode.Parse("""{"type":"string"}"""), null, 1));

        var grades = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() =>
            compiled.EvaluateAsync(new TargetResponse(i % 2 == 0 ? "\"order 1\"" : "order 1", [], 1), null, CancellationToken.None))));

        for (var i = 0; i < grades.Length; i++)
        {
            // Even: JSON but the quotes break the regex; odd: the regex matches but it is not JSON.
            Assert.False(grades[i].Pass);
            Assert.Equal(0.5, grades[i].Score);
            Assert.Equal(i % 2 == 1, grades[i].Assertions[0].Pass);
        }
    }

    [Fact]
    public void Patterns_carry_their_own_timeout_whatever_the_process_default()
    {
        // The CLI sets REGEX_DEFAULT_MATCH_TIMEOUT to 200 ms for CEL; a cold match on a starved machine took longer and
        // failed a harmless pattern. Every matcher carries the assertion's own timeout instead, on either engine.
        var cache = new RegexCache(64);
        Assert.Equal(RegexAssertion.MatchTimeout, cache.Get(@"\d{1,2}:\d{2}").MatchTimeout);
        Assert.Equal(RegexAssertion.MatchTimeout, cache.Get(@"\d+(?= EUR)").MatchTimeout);
        Assert.Equal(RegexAssertion.MatchTimeout, cache.Get(@"^(a+)+$").MatchTimeout);
    }

    private sealed class ThrowingJudge : IJudge
    {
        public Task<JudgeGrade> GradeAsync(string rubric, string output, CancellationToken cancellationToken) =>
            throw new HttpRequestException("judge unreachable");
    }
}
