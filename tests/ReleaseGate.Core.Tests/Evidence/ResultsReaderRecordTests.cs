using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using Xunit;

namespace ReleaseGate.Core.Tests.Evidence;

/// <summary>
/// Lines given one at a time, as the server and <c>db ingest</c> store them and the server reads them back: the fields a store
/// indexes, the errors, and the case limit.
/// </summary>
public class ResultsReaderRecordTests
{
    private static ResultRecord? Record(string json, out GateError? error, long lineNumber = 7)
    {
        var reader = new ResultsReader("r.jsonl", allBaseline: false);
        var fields = reader.ReadRecord(Encoding.UTF8.GetBytes(json), lineNumber);
        error = reader.Errors.SingleOrDefault();
        return fields;
    }

    [Fact]
    public void A_full_line_gives_the_fields_a_store_indexes()
    {
        const string Json = """{"suite":"support-core","case":"refund-017","repeat":2,"target":"baseline","slices":["refunds"],"pass":false,"score":0.25,"error":null,"latency_ms":812,"cost":0.0004,"output":"é \"x\"","assertions":[{"type":"contains","pass":false}]}""";
        Assert.Equal(new ResultRecord(7, "support-core", "refund-017", 2, "baseline", false, null, 0.25, 812, 0.0004), Record(Json, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Defaults_apply_an_error_object_is_kept_as_its_json_and_escapes_are_read()
    {
        var line = Record("""{"case":"\u0061","suite":"s","error":{"kind":"timeout","after_ms":30000},"score":"high"}""", out var error);
        Assert.Null(error);
        Assert.Equal(new ResultRecord(7, "s", "a", 0, "candidate", null, """{"kind":"timeout","after_ms":30000}""", null, null, null), line);
        Assert.Equal("time\nout", Record("""{"case":"a","suite":"s","error":"time\nout"}""", out _)!.Error);
        Assert.Equal("false", Record("""{"case":"a","suite":"s","pass":true,"error":false}""", out _)!.Error);

        // A .NET string cannot hold a lone surrogate: the message is kept as its JSON literal, not refused.
        Assert.Equal("\"\\ud800\"", Record("""{"case":"a","suite":"s","error":"\ud800"}""", out _)!.Error);
    }

    [Theory]
    [InlineData("""not json""", "RG1101", 2)]
    [InlineData("""[1,2]""", "RG1101", 1)]
    [InlineData("""{"suite":"s","case":"a","pass":true} {}""", "RG1101", 38)]
    [InlineData("""{"suite":"s","pass":true}""", "RG1102", 1)]
    [InlineData("""{"suite":"s","case":7,"pass":true}""", "RG1103", 14)]
    [InlineData("""{"suite":"s","case":"a","pass":"yes"}""", "RG1103", 25)]
    [InlineData("""{"suite":"s","case":"a","pass":true,"repeat":-1}""", "RG1103", 37)]
    [InlineData("""{"suite":"s","case":"a","pass":true,"latency_ms":"slow"}""", "RG1103", 37)]
    [InlineData("""{"suite":"s","case":"a","pass":true,"score":1e999}""", "RG1107", 45)]
    [InlineData("""{"suite":"s","case":"a","pass":true,"output":{"n":[1,-1E400]}}""", "RG1107", 54)]
    [InlineData("""{"suite":"s","case":"a","error":{"after_ms":1e999}}""", "RG1107", 45)]
    [InlineData("""{"suite":"\ud800","case":"a","pass":true}""", "RG1101", 1)]
    [InlineData("""{"suite":"s","case":"a"}""", "RG1104", 1)]
    [InlineData("""{"suite":"s","case":"a","pass":null}""", "RG1104", 1)]
    public void A_bad_line_gives_no_fields_and_one_error_naming_its_place_and_code(string json, string code, int column)
    {
        Assert.Null(Record(json, out var error, 3));
        Assert.Equal((code, "r.jsonl", 3, column), (error!.Code, error.Location.File, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Invalid_utf8_is_an_error_not_a_replacement_character()
    {
        var reader = new ResultsReader("r.jsonl", allBaseline: false);
        Assert.Null(reader.ReadRecord([.. "{\"suite\":\""u8, 0xFF, .. "\",\"case\":\"a\",\"pass\":true}"u8], 1));
        var error = Assert.Single(reader.Errors);
        Assert.Equal(("RG1026", 1, 11), (error.Code, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_blank_line_gives_no_fields_and_no_error()
    {
        Assert.Null(Record("   ", out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Lines_given_one_at_a_time_stop_with_RG1033_past_MaxCases_and_take_the_given_source_digest()
    {
        var reader = new ResultsReader("r.jsonl", allBaseline: false) { MaxCases = 2, SourceDigest = "sha256:kept" };
        Assert.True(reader.ReadLine("""{"suite":"s","case":"a","pass":true}""", 1));
        Assert.True(reader.ReadLine("""{"suite":"s","case":"a","pass":false}""", 2));
        Assert.True(reader.ReadLine("""{"suite":"s","case":"b","pass":true}""", 3));
        Assert.False(reader.ReadLine("""{"suite":"s","case":"c","pass":true}""", 4));
        Assert.False(reader.ReadLine("""{"suite":"s","case":"d","pass":true}""", 5));
        reader.Complete();
        var error = Assert.Single(reader.Errors);
        Assert.Equal(("RG1033", 4), (error.Code, error.Location.Line));
        Assert.Equal(["sha256:kept"], reader.Candidate.SourceDigests);
        Assert.Empty(reader.Baseline.SourceDigests);
    }

    [Fact]
    public void Completing_lines_given_one_at_a_time_needs_a_source_digest()
    {
        var reader = new ResultsReader("r.jsonl", allBaseline: false);
        reader.ReadLine("""{"suite":"s","case":"a","pass":true}""", 1);
        Assert.Throws<InvalidOperationException>(reader.Complete);
    }
}
