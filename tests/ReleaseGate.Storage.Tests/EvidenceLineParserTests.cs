using System.Text;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public sealed class EvidenceLineParserTests
{
    [Fact]
    public void A_full_line_gives_its_indexed_fields_and_keeps_the_text()
    {
        const string Json = """{"suite":"support-core","case":"refund-017","repeat":2,"target":"baseline","slices":["refunds"],"pass":false,"score":0.25,"error":null,"latency_ms":812,"cost":0.0004,"output":"é \"x\"","assertions":[{"type":"contains","pass":false}]}""";
        var fromText = EvidenceLineParser.Parse("r.jsonl", 7, Json, out var error);
        Assert.Null(error);
        Assert.Equal(new EvidenceLine(7, "support-core", "refund-017", 2, "baseline", false, null, 0.25, 812, 0.0004, Json), fromText);
        Assert.Equal(fromText, EvidenceLineParser.Parse("r.jsonl", 7, Encoding.UTF8.GetBytes(Json), out _));
    }

    [Fact]
    public void Defaults_apply_and_an_error_object_is_kept_as_its_json()
    {
        var line = EvidenceLineParser.Parse("r.jsonl", 1, """{"case":"a","suite":"s","error":{"kind":"timeout","after_ms":30000}}""", out var error);
        Assert.Null(error);
        Assert.Equal((0, "candidate", (bool?)null), (line!.Repeat, line.Target, line.Pass));
        Assert.Equal("""{"kind":"timeout","after_ms":30000}""", line.Error);
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
    public void A_bad_line_is_an_error_naming_its_place_and_code(string json, string code, int column)
    {
        Assert.Null(EvidenceLineParser.Parse("r.jsonl", 3, json, out var error));
        Assert.Equal((code, "r.jsonl", 3, column), (error!.Code, error.Location.File, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Invalid_utf8_is_an_error_not_a_replacement_character()
    {
        Assert.Null(EvidenceLineParser.Parse("r.jsonl", 1, [.. "{\"suite\":\""u8, 0xFF, .. "\",\"case\":\"a\",\"pass\":true}"u8], out var error));
        Assert.Equal(("RG1026", 1, 11), (error!.Code, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Nesting_past_the_limit_is_refused_at_the_bracket_that_passes_it()
    {
        var json = "{\"suite\":\"s\",\"case\":\"a\",\"pass\":true,\"output\":" + new string('[', 64) + new string(']', 64) + "}";
        Assert.Null(EvidenceLineParser.Parse("r.jsonl", 1, json, out var error));
        Assert.Equal(("RG1106", 46 + 63), (error!.Code, error.Location.Column));
    }

    [Fact]
    public void A_line_over_the_limit_is_refused_before_it_is_parsed()
    {
        var json = "{\"suite\":\"s\",\"case\":\"a\",\"pass\":true,\"output\":\"" + new string('x', Core.Diagnostics.InputLimits.MaxJsonLineBytes) + "\"}";
        Assert.Null(EvidenceLineParser.Parse("r.jsonl", 4, Encoding.UTF8.GetBytes(json), out var error));
        Assert.Equal(("RG1105", 4, 0), (error!.Code, error.Location.Line, error.Location.Column));
    }
}
