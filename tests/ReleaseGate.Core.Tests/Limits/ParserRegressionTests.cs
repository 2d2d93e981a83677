using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Limits;

/// <summary>Inputs the parser fuzz tests (<see cref="ParserFuzzTests"/>) found, each kept as a named test.</summary>
public class ParserRegressionTests
{
    /// <summary>
    /// Found by <see cref="ParserFuzzTests.Policy_files"/> (seed 0UF5ThW1r4G1): YamlDotNet throws ArgumentException, not a
    /// YamlException, for a tag that is not a valid URI, and it escaped the reader.
    /// </summary>
    [Theory]
    [InlineData("!<[>")]
    [InlineData("!<a b>")]
    [InlineData("!<%>")]
    [InlineData("!<:>")]
    [InlineData("!<\\\\>")]
    public void A_tag_that_is_not_a_uri_is_a_syntax_error(string tag)
    {
        var text = "apiVersion: releasegate/v1\nkind: Policies\npolicies:\n  - id: a\n    rule: " + tag + " x\n";

        var errors = PolicyFileParser.Parse(text, "p.yaml").Errors;

        var error = Assert.Single(errors);
        Assert.Matches("^RG10(01|13)$", error.Code);
        Assert.Equal(("p.yaml", 5), (error.Location.File, error.Location.Line));
    }

    /// <summary>Directives and tags YamlDotNet handles in their own code paths: each is an error or a document, never an exception.</summary>
    [Theory]
    [InlineData("%YAML 99999999999.1\n---\n")]
    [InlineData("%YAML 1.99999999999\n---\n")]
    [InlineData("%YAML 2.0\n---\n")]
    [InlineData("%YAML 1.2\n%YAML 1.2\n---\n")]
    [InlineData("%TAG ! tag:x,2026:\n---\n")]
    [InlineData("%TAG !a! !<\n---\n")]
    [InlineData("%TAG !a! [\n---\n")]
    [InlineData("%FOO bar\n---\n")]
    [InlineData("--- !a!b\n")]
    [InlineData("--- !!\n")]
    [InlineData("--- !<>\n")]
    [InlineData("--- &\n")]
    [InlineData("--- *\n")]
    [InlineData("--- !<tag:yaml.org,2002:map>\n")]
    public void Directives_and_tags_never_throw(string prefix)
    {
        var text = prefix + "apiVersion: releasegate/v1\nkind: Policies\npolicies: []\n";

        var errors = PolicyFileParser.Parse(text, "p.yaml").Errors;

        ParserFuzzTests.WellFormed(errors, "p.yaml");
    }
}
