using System.Text.Json.Nodes;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using Xunit;

namespace ReleaseGate.Runner.Tests.Assertions;

/// <summary>Runs every case of every table in <c>Assertions/cases</c> (see the README there).</summary>
public sealed class AssertionTableTests
{
    private static readonly string CasesDirectory = Path.Combine(AppContext.BaseDirectory, "Assertions", "cases");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(CasesDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var c in Load(file).Cases)
            {
                data.Add(Path.GetFileName(file), c.Id);
            }
        }

        return data;
    }

    [Fact]
    public void Every_table_file_is_found()
    {
        Assert.True(Directory.GetFiles(CasesDirectory, "*.yaml").Length >= 8);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_grades_as_the_table_says(string file, string id)
    {
        var path = Path.Combine(CasesDirectory, file);
        var item = Load(path).Cases.Single(c => c.Id == id);
        var expect = (JsonObject)item.Vars["expect"]!;
        double? caseThreshold = item.Vars["case_threshold"] is { } t ? t.GetValue<double>() : null;
        var compiled = CaseAssertions.Compile(item.Assertions, item.Location, caseThreshold);

        if (expect["errors"] is JsonArray expectedErrors)
        {
            Assert.False(compiled.Success, "the assertions compiled, but the table expects errors");
            Assert.Equal(expectedErrors.Count, compiled.Errors.Count);
            for (var i = 0; i < expectedErrors.Count; i++)
            {
                var error = compiled.Errors[i];
                Assert.Equal(expectedErrors[i]!["code"]!.GetValue<string>(), error.Code);
                Assert.Contains(expectedErrors[i]!["contains"]!.GetValue<string>(), error.Message, StringComparison.Ordinal);
                Assert.Equal(path, error.Location.File);
                Assert.True(error.Location.Line >= item.Location.Line && error.Location.Column > 0, $"the error is at {error.Location}, not at its case (line {item.Location.Line}) or one of its assertions");
            }

            return;
        }

        Assert.True(compiled.Success, string.Join(Environment.NewLine, compiled.Errors));
        var grade = await compiled.Value.EvaluateAsync(Response(item.Vars), Judge(item.Vars), CancellationToken.None);

        Assert.Equal(expect["pass"]!.GetValue<bool>(), grade.Pass);
        if (expect["score"] is { } score)
        {
            Assert.Equal(score.GetValue<double>(), grade.Score, 9);
        }

        Assert.Equal(item.Assertions.Select(a => a.Type), grade.Assertions.Select(a => a.Type));
        Assert.All(grade.Assertions, a => Assert.True(a.Score is >= 0 and <= 1));
        Assert.All(grade.Assertions, a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
        Assert.All(grade.Assertions, a => Assert.True(a.Pass || a.Score < 1 || a.Type == "llm-rubric", $"{a.Type} failed with score 1"));
        if (expect["reasons"] is JsonArray reasons)
        {
            Assert.Equal(reasons.Count, grade.Assertions.Count);
            for (var i = 0; i < reasons.Count; i++)
            {
                if (reasons[i] is JsonObject { } partial)
                {
                    foreach (var piece in partial["contains"]!.AsArray())
                    {
                        Assert.Contains(piece!.GetValue<string>(), grade.Assertions[i].Reason, StringComparison.Ordinal);
                    }
                }
                else
                {
                    Assert.Equal(reasons[i]!.GetValue<string>(), grade.Assertions[i].Reason);
                }
            }
        }
    }

    private static Suite Load(string path) => SuiteParser.Parse(File.ReadAllText(path), path).GetValueOrThrow();

    private static TargetResponse Response(JsonObject vars)
    {
        var calls = vars["tool_calls"] is JsonArray list
            ? list.Select(c => new ToolCall(c!["name"]!.GetValue<string>(), c["arguments"]!.GetValue<string>())).ToList()
            : [];
        var latency = vars["latency_ms"] is { } l ? l.GetValue<double>() : 0;
        return new TargetResponse(vars["output"]?.GetValue<string>() ?? "", calls, latency);
    }

    private static ScriptedJudge? Judge(JsonObject vars) => vars["judge"] is JsonObject j
        ? new ScriptedJudge(new JudgeGrade(j["pass"]!.GetValue<bool>(), j["score"]!.GetValue<double>(), j["reasoning"]!.GetValue<string>()))
        : null;
}
