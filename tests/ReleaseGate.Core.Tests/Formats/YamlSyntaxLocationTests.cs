using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

/// <summary>Issue 22: a YAML syntax error names the line that holds the mistake, and shows that line under the message.</summary>
public sealed class YamlSyntaxLocationTests
{
    private const string Head = "apiVersion: releasegate/v1\nkind: Gate\nworkflow: demo\n";

    private static string Error(string text) => GateParser.Parse(Head + text, "g.yaml").Errors.Single().ToString();

    [Theory]
    // A key without its ':' runs on into the indented line below; YamlDotNet names the line below.
    [InlineData("evals:\n  - suite core\n    min_pass_rate: 0.8\n", "g.yaml:5:5: RG1001: YAML syntax error: the value on this line runs on into line 6, which holds a key; add the ':' this line is missing (key: value), or indent line 6 less.\n    5 |   - suite core")]
    [InlineData("evals\n  - suite: core\n", "g.yaml:4:1: RG1001: YAML syntax error: the value on this line runs on into line 5, which holds a key; add the ':' this line is missing (key: value), or indent line 5 less.\n    4 | evals")]
    [InlineData("evals:\n  - suite: core\n    slices:\n      refunds\n\n        min_pass_rate: 0.9\n", "g.yaml:7:7: RG1001: YAML syntax error: the value on this line runs on into line 9, which holds a key; add the ':' this line is missing (key: value), or indent line 9 less.\n    7 |       refunds")]
    public void A_value_that_runs_on_into_a_key_is_reported_where_it_starts(string text, string expected)
    {
        Assert.Equal(expected, Error(text));
    }

    [Theory]
    [InlineData("evals:\n  - suite: core\n    min_pass_rate: 0.8\n   slices: {}\n", "g.yaml:7:4: RG1001: YAML syntax error: while parsing a block collection, did not find expected '-' indicator. Check the indentation and punctuation at this position.\n    7 |    slices: {}")]
    [InlineData("evals:\n  - suite: core\n     min_pass_rate: 0.8\n", "g.yaml:6:19: RG1001: YAML syntax error: while scanning a plain scalar value, found invalid mapping. Check the indentation and punctuation at this position.\n    6 |      min_pass_rate: 0.8")]
    [InlineData("severity:\n  block_on: [critical]\n    max_failures: { high: 1 }\n", "g.yaml:6:5: RG1001: YAML syntax error: while parsing a block mapping, did not find expected key. Check the indentation and punctuation at this position.\n    6 |     max_failures: { high: 1 }")]
    public void An_indentation_error_names_its_own_line_and_shows_it(string text, string expected)
    {
        Assert.Equal(expected, Error(text));
    }

    [Fact]
    public void The_excerpt_escapes_control_characters_and_is_cut_short()
    {
        var error = GateParser.Parse(Head + "evals:\n  - suite: core\n     min_pass_rate: \u001b[31m" + new string('x', 200) + "\n", "g.yaml").Errors.Single();

        Assert.NotNull(error.Excerpt);
        Assert.DoesNotContain('\u001b', error.Excerpt);
        Assert.EndsWith("…", error.Excerpt, StringComparison.Ordinal);
        Assert.Single(error.ToString().Split('\n'), l => l.StartsWith("    6 | ", StringComparison.Ordinal));
    }
}
