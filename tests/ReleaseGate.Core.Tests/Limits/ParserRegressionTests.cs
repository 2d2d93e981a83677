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
}
