using System.Text;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Evidence;

public class ResultsReaderTests
{
    [Fact]
    public void Reading_stops_with_RG1033_once_the_distinct_cases_pass_MaxCases_and_repeats_do_not_count()
    {
        // 3 MiB of tiny lines, each a new case: far more than one buffer, so reading must stop well before the end.
        var unique = new StringBuilder();
        for (var i = 0; unique.Length < 3 << 20; i++)
        {
            unique.Append("{\"suite\":\"s\",\"case\":\"c").Append(i).Append("\",\"pass\":true}\n");
        }

        var reader = new ResultsReader("r.jsonl", false) { MaxCases = 1000 };
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(unique.ToString())));
        var error = Assert.Single(reader.Errors);
        Assert.Equal("RG1033", error.Code);
        Assert.InRange(reader.CaseCount, 1001, 60_000);

        var repeats = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            repeats.Append("{\"suite\":\"s\",\"case\":\"c").Append(i % 1000).Append("\",\"repeat\":").Append(i / 1000).Append(",\"pass\":true}\n");
        }

        reader = new ResultsReader("r.jsonl", false) { MaxCases = 1000 };
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(repeats.ToString())));
        Assert.Empty(reader.Errors);
        Assert.Equal(1000, reader.CaseCount);
    }

    private static ResultsReader Read(string text, bool allBaseline = false)
    {
        var reader = new ResultsReader("r.jsonl", allBaseline);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        return reader;
    }

    [Fact]
    public void Repeats_of_a_case_are_counted_per_outcome()
    {
        var reader = Read("""
            {"suite":"s","case":"a","repeat":0,"pass":true,"slices":["x"],"severity":"low"}
            {"suite":"s","case":"a","repeat":1,"pass":false,"slices":["y"],"severity":"high"}
            {"suite":"s","case":"a","repeat":2,"pass":null,"error":"timeout"}
            {"suite":"s","case":"a","repeat":3,"pass":true,"error":null}
            {"suite":"s","case":"a","repeat":4,"pass":true,"error":""}
            {"suite":"s","case":"a","repeat":5,"pass":true,"error":false}
            """);

        Assert.Empty(reader.Errors);
        var evidence = reader.Candidate.Suites["s"].Cases["a"];
        Assert.Equal((4, 1, 1), (evidence.Passed, evidence.Failed, evidence.Errored));
        Assert.Equal(["x", "y"], evidence.Slices);
        Assert.Equal(Severity.High, evidence.Severity);
        Assert.True(evidence.Flaky);
    }

    [Fact]
    public void An_error_wins_over_pass_true()
    {
        var reader = Read("""{"suite":"s","case":"a","pass":true,"error":{"status":503}}""");

        Assert.Equal(1, reader.Candidate.Suites["s"].Cases["a"].Errored);
    }

    [Fact]
    public void Target_decides_the_side_unless_every_line_is_baseline()
    {
        const string Text = """
            {"suite":"s","case":"a","target":"candidate","pass":true}
            {"suite":"s","case":"a","target":"baseline","pass":false}
            {"suite":"s","case":"b","pass":true}
            """;

        var mixed = Read(Text);
        var baselineOnly = Read(Text, allBaseline: true);

        Assert.Equal(["a", "b"], mixed.Candidate.Suites["s"].Cases.Keys.Order());
        Assert.Equal(["a"], mixed.Baseline.Suites["s"].Cases.Keys);
        Assert.Empty(baselineOnly.Candidate.Suites);
        Assert.Equal(3, baselineOnly.Baseline.Suites["s"].Lines);

        // The file is evidence for both sides it feeds, so both record its digest.
        Assert.Equal(mixed.Candidate.SourceDigests, mixed.Baseline.SourceDigests);
        Assert.Empty(baselineOnly.Candidate.SourceDigests);
        Assert.Single(baselineOnly.Baseline.SourceDigests);
    }

    [Fact]
    public void Escaped_and_unicode_case_ids_are_kept_exactly()
    {
        var reader = Read("{\"suite\":\"s\",\"case\":\"r\\u00e9f\\\"1\",\"pass\":true}\n{\"suite\":\"s\",\"case\":\"réf\\\"1\",\"pass\":false}\r\n\n");

        var evidence = Assert.Single(reader.Candidate.Suites["s"].Cases).Value;
        Assert.Equal("réf\"1", evidence.Id);
        Assert.Equal(2, evidence.Executions);
    }

    [Theory]
    [InlineData("{\"case\":\"a\",\"pass\":true}", "RG1102", 1)]
    [InlineData("{\"suite\":\"s\",\"pass\":true}", "RG1102", 1)]
    [InlineData("{\"suite\":\"s\",\"case\":\"a\"}", "RG1104", 1)]
    [InlineData("{\"suite\":\"s\",\"case\":\"a\",\"pass\":1}", "RG1103", 25)]
    [InlineData("{\"suite\":\"s\",\"case\":\"\",\"pass\":true}", "RG1103", 14)]
    [InlineData("{\"suite\":5,\"case\":\"a\",\"pass\":true}", "RG1103", 2)]
    [InlineData("{\"suite\":\"s\",\"case\":\"a\",\"pass\":true,\"target\":\"prod\"}", "RG1103", 37)]
    [InlineData("{\"suite\":\"s\",\"case\":\"a\",\"pass\":true,\"severity\":\"severe\"}", "RG1103", 37)]
    [InlineData("{\"suite\":\"s\",\"case\":\"a\",\"pass\":true,\"slices\":\"x\"}", "RG1103", 37)]
    [InlineData("[1,2]", "RG1101", 1)]
    [InlineData("{\"suite\":\"s\",", "RG1101", 13)]
    public void Invalid_lines_are_reported_with_line_and_column(string line, string code, int column)
    {
        var reader = Read("{\"suite\":\"s\",\"case\":\"ok\",\"pass\":true}\n" + line + "\n");

        var error = Assert.Single(reader.Errors);
        Assert.Equal((code, 2, column), (error.Code, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Two_objects_on_one_line_are_an_error_not_a_dropped_result()
    {
        var reader = Read("{\"suite\":\"s\",\"case\":\"a\",\"pass\":true} {\"suite\":\"s\",\"case\":\"b\",\"pass\":false}\n");

        var error = Assert.Single(reader.Errors);
        Assert.Equal("r.jsonl:1:38: RG1101: the line holds more than one JSON value; put each result on its own line.", error.ToString());
        Assert.Empty(reader.Candidate.Suites);
    }

    [Fact]
    public void Typical_lines_take_the_fast_path_with_their_measures()
    {
        var reader = Read("""
            {"suite":"s","case":"a","repeat":0,"target":"candidate","slices":["x"],"severity":"high","pass":true,"score":0.99,"error":null,"latency_ms":1570,"cost":0.0021,"output":"ok"}
            {"suite":"s","case":"a","repeat":1,"pass":false,"latency_ms":1.5e3,"cost":null}
            """);

        Assert.Equal(2, reader.PlainLines);
        var evidence = reader.Candidate.Suites["s"].Cases["a"];
        Assert.Equal((3070.0, 2), (evidence.LatencyMsTotal, evidence.LatencyCount));
        Assert.Equal((0.0021, 1), (evidence.CostTotal, evidence.CostCount));
    }

    [Theory]
    [InlineData("\"latency_ms\":-1")]
    [InlineData("\"latency_ms\":\"812\"")]
    [InlineData("\"cost\":true")]
    public void A_measure_that_is_not_a_non_negative_number_is_an_error(string field)
    {
        var reader = Read("{\"suite\":\"s\",\"case\":\"a\",\"pass\":true," + field + "}\n");

        Assert.Equal("RG1103", Assert.Single(reader.Errors).Code);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_a_name_is_reported_not_thrown()
    {
        var reader = Read("{\"suite\":\"\\ud800\",\"case\":\"a\",\"pass\":true}\n");

        var error = Assert.Single(reader.Errors);
        Assert.Equal(("RG1101", 1, 1), (error.Code, error.Location.Line, error.Location.Column));
        Assert.Contains("lone surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_beyond_fifty_are_counted_not_listed()
    {
        var reader = Read(string.Concat(Enumerable.Repeat("not json\n", 120)));

        Assert.Equal(120, reader.ErrorCount);
        Assert.Equal(51, reader.Errors.Count);
        Assert.Contains("120 lines are invalid; the first 50 are listed", reader.Errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_are_read_whole()
    {
        var output = new string('x', 3 << 20);
        var reader = Read($$"""{"suite":"s","case":"a","pass":true,"output":"{{output}}"}""" + "\n" + """{"suite":"s","case":"b","pass":false}""");

        Assert.Empty(reader.Errors);
        Assert.Equal(2, reader.Candidate.Suites["s"].Cases.Count);
    }
}
