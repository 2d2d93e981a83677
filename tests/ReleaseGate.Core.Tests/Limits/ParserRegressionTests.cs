using System.Diagnostics;
using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
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

    /// <summary>
    /// Found by <see cref="ParserFuzzTests.Case_files"/> (seed 3BBKth8Pfia1): lines whose aliases expanded to just under the
    /// absolute node limit each cost a second to turn into variables. Aliases may now add at most what a line writes out,
    /// plus an allowance, so such lines are refused at once.
    /// </summary>
    [Fact]
    public void Case_lines_with_alias_bombs_under_the_absolute_limit_are_refused_quickly()
    {
        var bomb = new StringBuilder("{\"id\":\"c\",\"vars\":{\"l0\":&a0 [1,1,1,1,1,1,1,1,1,1]");
        for (var level = 1; level <= 4; level++)
        {
            bomb.Append($",\"l{level}\":&a{level} [{string.Join(',', Enumerable.Repeat($"*a{level - 1}", 10))}]");
        }

        var line = bomb.Append("}}").ToString();
        var suite = new Suite { Name = "s", File = "s.yaml", Cases = [] };
        var watch = Stopwatch.StartNew();

        var errors = SuiteParser.AddCases(suite, new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Repeat(line, 20)))), "c.jsonl").Errors;

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Equal(20, errors.Count);
        Assert.All(errors, e => Assert.Equal(ErrorCodes.YamlExpansionTooLarge, e.Code));
    }
}
