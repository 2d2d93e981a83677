using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Prompts;
using Xunit;

namespace ReleaseGate.Runner.Tests.Prompts;

public class PromptTemplateTests
{
    private static PromptTemplate Parse(string text)
    {
        var errors = new List<GateError>();
        var template = PromptTemplate.Parse(text, SourceLocation.OfFile("suite.yaml"), errors);
        Assert.Empty(errors);
        return template!;
    }

    [Theory]
    [InlineData("Hello {{name}}!", "Hello Ann!")]
    [InlineData("Hello {{ name }}!", "Hello Ann!")]
    [InlineData("{{order.id}} x{{order.count}}", "NW-1 x3")]
    [InlineData("tags: {{tags}}", "tags: [\"a\",\"b\"]")]
    [InlineData("none: [{{nothing}}]", "none: []")]
    [InlineData("no placeholders", "no placeholders")]
    public void Renders_strings_as_they_are_and_other_values_as_json(string template, string expected)
    {
        var vars = JsonNode.Parse("""{"name":"Ann","order":{"id":"NW-1","count":3},"tags":["a","b"],"nothing":null}""")!.AsObject();

        Assert.Equal(expected, Parse(template).Render(vars));
    }

    [Fact]
    public void Missing_variables_are_named_once_each()
    {
        var template = Parse("{{a}} {{b.c}} {{a}} {{d}}");

        Assert.Equal(["b.c", "d"], template.MissingIn(JsonNode.Parse("""{"a":1,"b":{}}""")!.AsObject()));
    }

    [Theory]
    [InlineData("Hi {{name}", "RG1401")]
    [InlineData("Hi {{ }}", "RG1401")]
    [InlineData("Hi {{first name}}", "RG1401")]
    public void Malformed_placeholders_are_errors(string text, string code)
    {
        var errors = new List<GateError>();

        Assert.Null(PromptTemplate.Parse(text, SourceLocation.OfFile("suite.yaml"), errors));
        Assert.Equal(code, Assert.Single(errors).Code);
    }
}
