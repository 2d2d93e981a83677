using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using Xunit;

namespace ReleaseGate.Core.Tests.Json;

public class CanonicalJsonTests
{
    // Number forms from RFC 8785 appendix B and ECMAScript's Number.prototype.toString.
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(4.5, "4.5")]
    [InlineData(2e-3, "0.002")]
    [InlineData(0.1, "0.1")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(333333333.3333333, "333333333.3333333")]
    public void Numbers_are_written_as_ECMAScript_does(double value, string expected)
    {
        Assert.Equal(expected, CanonicalJson.FormatNumber(value));
    }

    [Fact]
    public void Members_are_sorted_by_UTF16_code_units_and_whitespace_removed()
    {
        var node = JsonNode.Parse("""{ "b": [1, 2, {"z": true, "a": null}], "a": "x", "\u00e9": 1, "B": false }""");

        Assert.Equal("""{"B":false,"a":"x","b":[1,2,{"a":null,"z":true}],"é":1}""", CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Strings_escape_only_what_JSON_requires()
    {
        var node = JsonValue.Create("a\"b\\c\n\u0001<é>");

        Assert.Equal("\"a\\\"b\\\\c\\n\\u0001<é>\"", CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Numbers_built_from_CLR_values_are_written_as_parsed_ones_are()
    {
        var node = new JsonObject { ["int"] = 5, ["long"] = 9007199254740992L, ["decimal"] = 4.5m, ["float"] = 0.5f, ["parsed"] = JsonNode.Parse("5") };

        Assert.Equal("""{"decimal":4.5,"float":0.5,"int":5,"long":9007199254740992,"parsed":5}""", CanonicalJson.Serialize(node));
    }
}
