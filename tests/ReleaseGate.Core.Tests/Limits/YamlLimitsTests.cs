using System.Diagnostics;
using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Limits;

public class YamlLimitsTests
{
    private static GateError Single(ParseResult<Model.ReleaseManifest> result)
    {
        Assert.Null(result.Value);
        return Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(InputLimits.MaxYamlDepth + 1)]
    public void Deep_mappings_are_refused_at_the_level_past_the_limit(int depth)
    {
        var error = Single(ReleaseParser.Parse(HostileYaml.DeepConfig(depth), "r.yaml"));

        Assert.Equal(ErrorCodes.YamlTooDeep, error.Code);
        Assert.Equal(Messages.YamlTooDeep(InputLimits.MaxYamlDepth), error.Message);
        // The root is level 1, components 2, config 3: the first mapping past the limit is the (limit - 2)th '{'.
        Assert.Equal(new SourceLocation("r.yaml", 7, 11 + ((InputLimits.MaxYamlDepth - 2) * 4)), error.Location);
    }

    [Fact]
    public void Deep_lists_are_refused_without_overflowing_the_stack()
    {
        var error = Single(ReleaseParser.Parse(HostileYaml.DeepList(50_000), "r.yaml"));

        Assert.Equal(ErrorCodes.YamlTooDeep, error.Code);
        Assert.Equal(8, error.Location.Line);
    }

    public static TheoryData<string, string> DeepForms => new()
    {
        { "block sequences on one line", "    x: " + string.Concat(Enumerable.Repeat("- ", 50_000)) + "1\n" },
        { "a flow key", "    ? " + new string('[', 50_000) + "\n" },
        { "an implicit flow key", "    x: {" + new string('[', 50_000) + new string(']', 50_000) + ": 1}\n" },
        { "unclosed flow lists", "    x: " + new string('[', 50_000) + "\n" },
        { "flow mappings without keys", "    x: " + new string('{', 50_000) + new string('}', 50_000) + "\n" },
        { "indented block mappings", string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', 4 + (2 * i)) + "a:\n")) },
    };

    [Theory]
    [MemberData(nameof(DeepForms))]
    public void Every_form_of_deep_nesting_is_an_error_without_overflowing_the_stack(string form, string config)
    {
        var errors = ReleaseParser.Parse(HostileYaml.ManifestHead + "  config:\n" + config, "r.yaml").Errors;

        Assert.True(errors.Count > 0, form);
        Assert.All(errors, e => Assert.Matches("^RG10(0[0-9]|1[0-9]|2[0-7])$", e.Code));
        Assert.Contains(errors, e => e.Code is ErrorCodes.YamlTooDeep or ErrorCodes.YamlSyntax or ErrorCodes.UnclosedBracket);
    }

    [Fact]
    public void Nesting_at_the_limit_is_read()
    {
        // Root, components and config take three levels; config's own nesting brings the document to the limit.
        var result = ReleaseParser.Parse(HostileYaml.DeepConfig(InputLimits.MaxYamlDepth - 3), "r.yaml");

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Value!.Config);
        Assert.StartsWith("sha256:", ReleaseDigest.Compute(result.Value, new Dictionary<string, string>()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    public void Alias_bombs_are_refused_quickly_without_expanding(int levels)
    {
        var text = HostileYaml.AliasBomb(levels);
        Assert.True(text.Length < 1024);
        var watch = Stopwatch.StartNew();

        var error = Single(ReleaseParser.Parse(text, "r.yaml"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(ErrorCodes.YamlExpansionTooLarge, error.Code);
        Assert.Equal(Messages.YamlAliasExpansion("nodes", InputLimits.YamlAliasNodeAllowance), error.Message);
        // Level 3 is the first to add more than the allowance: 10 aliases of a list of 1,111 nodes.
        Assert.Equal(new SourceLocation("r.yaml", 11, 49), error.Location);
    }

    [Fact]
    public void A_few_aliases_still_work_and_count_as_copies()
    {
        var result = ReleaseParser.Parse(HostileYaml.AliasBomb(2), "r.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(10, result.Value!.Config!["l2"]!.AsArray().Count);
        Assert.Equal(10, result.Value.Config["l2"]![9]!.AsArray()[9]!.AsArray().Count);
    }

    [Fact]
    public void Too_many_aliases_are_refused_at_the_first_one_past_the_limit()
    {
        var text = new StringBuilder(HostileYaml.ManifestHead).Append("  config:\n    a: &x 1\n    b:\n");
        for (var i = 0; i <= InputLimits.MaxYamlAliases; i++)
        {
            text.Append("      - *x\n");
        }

        var error = Single(ReleaseParser.Parse(text.ToString(), "r.yaml"));

        Assert.Equal(ErrorCodes.YamlTooManyAliases, error.Code);
        Assert.Equal(new SourceLocation("r.yaml", 10 + InputLimits.MaxYamlAliases, 9), error.Location);
    }

    [Fact]
    public void Aliased_long_strings_are_counted_as_expanded_text()
    {
        var text = new StringBuilder(HostileYaml.ManifestHead).Append("  config:\n    a: &x ").Append('y', 500_000).Append("\n    b:\n");
        for (var i = 0; i < 40; i++)
        {
            text.Append("      - *x\n");
        }

        var error = Single(ReleaseParser.Parse(text.ToString(), "r.yaml"));

        Assert.Equal(ErrorCodes.YamlExpansionTooLarge, error.Code);
        Assert.Equal(Messages.YamlAliasExpansion("characters of text", InputLimits.YamlAliasCharAllowance), error.Message);
    }

    [Fact]
    public void A_document_written_out_past_the_node_limit_is_refused()
    {
        var text = HostileYaml.ManifestHead + "  config:\n    x: [" + string.Join(',', Enumerable.Repeat("1", (int)InputLimits.MaxYamlExpandedNodes)) + "]\n";

        var error = Single(ReleaseParser.Parse(text, "r.yaml"));

        Assert.Equal(ErrorCodes.YamlExpansionTooLarge, error.Code);
        Assert.Equal(Messages.YamlExpansion("nodes", InputLimits.MaxYamlExpandedNodes), error.Message);
    }

    [Fact]
    public void A_string_over_the_limit_is_refused_where_it_starts()
    {
        var text = HostileYaml.ManifestHead + "  config:\n    prompt: \"" + new string('y', InputLimits.MaxStringLength + 1) + "\"\n";

        var error = Single(ReleaseParser.Parse(text, "r.yaml"));

        Assert.Equal(ErrorCodes.StringTooLong, error.Code);
        Assert.Equal(new SourceLocation("r.yaml", 8, 13), error.Location);
    }

    [Fact]
    public void A_document_over_the_limit_is_refused_before_it_is_parsed()
    {
        var text = HostileYaml.ManifestHead + "# " + new string('y', InputLimits.MaxYamlDocumentBytes) + "\n";

        var error = Single(ReleaseParser.Parse(text, "r.yaml"));

        Assert.Equal(ErrorCodes.DocumentTooLarge, error.Code);
        Assert.Equal(SourceLocation.OfFile("r.yaml"), error.Location);
    }

    [Theory]
    [InlineData(".inf")]
    [InlineData("-.Inf")]
    [InlineData(".nan")]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    public void Non_finite_numbers_are_refused_in_numeric_fields(string value)
    {
        var gate = $"""
            apiVersion: releasegate/v1
            kind: Gate
            workflow: w
            risk: low
            evals:
              - suite: s
                min_pass_rate: {value}
            """;

        var error = Assert.Single(GateParser.Parse(gate, "g.yaml").Errors);

        Assert.Equal(ErrorCodes.NotFinite, error.Code);
        Assert.Equal(Messages.NotFinite("min_pass_rate", value), error.Message);
        Assert.Equal(new SourceLocation("g.yaml", 7, 20), error.Location);
    }

    [Theory]
    [InlineData(".inf")]
    [InlineData("1e999")]
    public void Non_finite_numbers_are_refused_in_config(string value)
    {
        var error = Single(ReleaseParser.Parse(HostileYaml.ManifestHead + $"  config:\n    temperature: {value}\n", "r.yaml"));

        Assert.Equal(ErrorCodes.NotFinite, error.Code);
        Assert.Equal(new SourceLocation("r.yaml", 8, 18), error.Location);
    }

    [Fact]
    public void Words_that_spell_infinity_stay_words_in_config()
    {
        var manifest = ReleaseParser.Parse(HostileYaml.ManifestHead + "  config:\n    mode: Infinity\n", "r.yaml").GetValueOrThrow();

        Assert.Equal("Infinity", manifest.Config!["mode"]!.GetValue<string>());
    }
}
