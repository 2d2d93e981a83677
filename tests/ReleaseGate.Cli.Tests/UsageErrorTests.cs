using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>Issue 22: a mistyped command line gets one line with the nearest names, a stable code and exit 2.</summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliProcess.Outcome Run(params string[] args) => CliProcess.Run(_dir.Path, null, args);

    private static string OneLine(CliProcess.Outcome run)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var lines = run.Stderr.TrimEnd().Split('\n');
        Assert.Single(lines);
        return lines[0];
    }

    [Theory]
    [InlineData(new[] { "chek" }, "releasegate: RG1313: 'chek' is not a releasegate command; did you mean 'check'? Run 'releasegate --help' for what each does.")]
    [InlineData(new[] { "chek", "--gate", "g.yaml", "--results", "r.jsonl" }, "releasegate: RG1313: 'chek' is not a releasegate command; did you mean 'check'? Run 'releasegate --help' for what each does.")]
    [InlineData(new[] { "eval", "rn" }, "releasegate: RG1313: 'rn' is not a releasegate eval command; did you mean 'run'? Run 'releasegate eval --help' for what each does.")]
    [InlineData(new[] { "comp" }, "releasegate: RG1313: 'comp' is not a releasegate command; did you mean 'compliance'? Run 'releasegate --help' for what each does.")]
    public void An_unknown_verb_names_the_nearest_verbs(string[] args, string expected)
    {
        Assert.Equal(expected, OneLine(Run(args)));
    }

    [Fact]
    public void A_verb_near_nothing_lists_the_verbs()
    {
        var line = OneLine(Run("xyzzy"));

        Assert.StartsWith("releasegate: RG1313: 'xyzzy' is not a releasegate command; the commands are check, policy, eval,", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "check", "--gat", "g.yaml" }, "releasegate: RG1314: '--gat' is not an option of releasegate check; did you mean '--gate'? Run 'releasegate check --help' for its options.")]
    [InlineData(new[] { "approve", "--releas", "3" }, "releasegate: RG1314: '--releas' is not an option of releasegate approve; did you mean '--release'? Run 'releasegate approve --help' for its options.")]
    [InlineData(new[] { "check", "-x" }, "releasegate: RG1314: '-x' is not an option of releasegate check. Run 'releasegate check --help' for its options.")]
    public void An_unknown_option_names_the_nearest_options(string[] args, string expected)
    {
        Assert.Equal(expected, OneLine(Run(args)));
    }

    [Theory]
    [InlineData("htm", "releasegate: RG1315: --format does not take 'htm'; it takes 'text', 'json', 'markdown' or 'junit'.")]
    [InlineData("html", "releasegate: RG1315: --format does not take 'html'; it takes 'text', 'json', 'markdown' or 'junit'.")]
    [InlineData("jsn", "releasegate: RG1315: --format does not take 'jsn'; did you mean 'json'? It takes 'text', 'json', 'markdown' or 'junit'.")]
    public void A_word_the_option_does_not_take_is_named_with_the_words_it_takes(string format, string expected)
    {
        var line = OneLine(Run("check", "--gate", "g.yaml", "--results", "r.jsonl", "--format", format));

        Assert.Equal(expected, line);
        Assert.DoesNotContain("ReleaseGate.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "status", "--release", "abc" }, "releasegate: RG1315: --release takes a whole number; got 'abc'.")]
    [InlineData(new[] { "status", "--release", "1", "--timeout", "soon" }, "releasegate: RG1315: --timeout takes a duration written hh:mm:ss (00:10:00 is ten minutes); got 'soon'.")]
    [InlineData(new[] { "eval", "run", "--suite", "s.yaml", "--target", "t", "-o", "o.jsonl", "--rps", "fast" }, "releasegate: RG1315: --rps takes a number; got 'fast'.")]
    [InlineData(new[] { "eval", "run", "--suite", "s.yaml", "--target", "t", "-o", "o.jsonl", "--progress", "bars" }, "releasegate: RG1315: --progress does not take 'bars'; did you mean 'bar'? It takes 'auto', 'bar', 'lines' or 'none'.")]
    public void A_value_of_the_wrong_kind_never_names_a_dotnet_type(string[] args, string expected)
    {
        var line = OneLine(Run(args));

        Assert.Equal(expected, line);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("JSON")]
    public void Words_are_accepted_lower_case_and_in_any_case(string format)
    {
        var run = Run("check", "--gate", "missing.yaml", "--format", format);

        // Past the command line: the gate file is what is wrong.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing.yaml: RG1201:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_words_lower_case()
    {
        var help = Run("check", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("-f, --format <text|json|markdown|junit>", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("(default: text)", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_errors_are_listed_together_with_a_pointer_to_help()
    {
        var run = Run("check");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("releasegate: RG1301: Option '--gate' is required.\nRun 'releasegate check --help' for usage.", run.Stderr.TrimEnd().ReplaceLineEndings("\n"));
    }
}
