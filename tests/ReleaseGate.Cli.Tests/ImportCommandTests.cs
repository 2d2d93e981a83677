using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Cli.Tests;

public sealed class ImportCommandTests : IDisposable
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        evals:
          - suite: {0}
            min_pass_rate: {1}
            max_error_rate: 0.5
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "imports", .. parts]);

    private string GateFile(string suite, double minPassRate) =>
        _dir.Write("gate.yaml", Gate.Replace("{0}", suite, StringComparison.Ordinal).Replace("{1}", minPassRate.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    [Fact]
    public void Junit_import_then_check_gives_a_decision()
    {
        var results = Path.Combine(_dir.Path, "results.jsonl");

        var import = CliProcess.Run(_dir.Path, null, "import", "junit", Fixture("junit", "pytest.xml"), "--suite", "unit-tests", "--output", results);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal($"imported 7 results from {Fixture("junit", "pytest.xml")} into {results}: 3 passed, 1 failed, 3 errors\n", import.Stdout);
        Assert.Equal(7, File.ReadAllLines(results).Length);

        var check = CliProcess.Run(_dir.Path, null, "check", "--gate", GateFile("unit-tests", 0.9), "--results", results, "--format", "json");
        Assert.Equal(1, check.ExitCode);
        Assert.Equal("blocked", (string)JsonNode.Parse(check.Stdout)!["verdict"]!);
    }

    [Fact]
    public void Promptfoo_import_to_standard_output_pipes_into_check()
    {
        var import = CliProcess.Run(_dir.Path, null, "import", "promptfoo", Fixture("promptfoo", "results.json"), "--suite", "support-core");

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(5, import.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("imported 5 results", import.Stderr, StringComparison.Ordinal);

        var check = CliProcess.Run(_dir.Path, import.Stdout, "check", "--gate", GateFile("support-core", 0.5), "--results", "-", "--format", "json");
        Assert.Equal(0, check.ExitCode);
        Assert.Equal("pass", (string)JsonNode.Parse(check.Stdout)!["verdict"]!);
    }

    [Fact]
    public void The_suite_defaults_to_the_file_name()
    {
        var import = CliProcess.Run(_dir.Path, null, "import", "junit", Fixture("junit", "ctest.xml"));

        Assert.Equal(0, import.ExitCode);
        Assert.All(import.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("ctest", (string)JsonNode.Parse(l)!["suite"]!));
    }

    [Fact]
    public void Bad_input_exits_2_and_writes_nothing()
    {
        var bad = _dir.Write("broken.xml", "<testsuite>\n  <testcase name=\"a\">\n</testsuite>\n");
        var results = Path.Combine(_dir.Path, "out.jsonl");

        var import = CliProcess.Run(_dir.Path, null, "import", "junit", bad, "--output", results);

        Assert.Equal(2, import.ExitCode);
        Assert.StartsWith($"{bad}:3:3: RG1471: the file is not well-formed XML:", import.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("1 error; nothing was imported. Fix the input and run again.\n", import.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(results));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_failed_import_leaves_an_existing_output_untouched()
    {
        var results = _dir.Write("out.jsonl", "{\"suite\":\"s\",\"case\":\"c\",\"pass\":true}\n");

        var import = CliProcess.Run(_dir.Path, null, "import", "promptfoo", Fixture("promptfoo", "results-two.json"), "--output", results);

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("RG1470: the file holds results of several providers", import.Stderr, StringComparison.Ordinal);
        Assert.Equal("{\"suite\":\"s\",\"case\":\"c\",\"pass\":true}\n", File.ReadAllText(results));
    }

    [Fact]
    public void Provider_and_target_options_reach_the_lines()
    {
        var import = CliProcess.Run(_dir.Path, null, "import", "promptfoo", Fixture("promptfoo", "results-two.json"), "--provider", "echo-model", "--target", "baseline", "--suite", "s");

        Assert.Equal(0, import.ExitCode);
        var lines = import.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Equal("baseline", (string)l["target"]!));
    }

    [Theory]
    [InlineData("junit", "--target", "staging", "RG1301")]
    [InlineData("junit", "--skipped", "pass", "RG1301")]
    [InlineData("promptfoo", "--skipped", "omit", "RG1314: '--skipped' is not an option of releasegate import promptfoo.")]
    [InlineData("xunit", "--suite", "s", "RG1313: 'xunit' is not a releasegate import command; did you mean 'junit'?")]
    public void Usage_errors_exit_2(string verb, string option, string value, string expected)
    {
        var import = CliProcess.Run(_dir.Path, null, "import", verb, Fixture("junit", "pytest.xml"), option, value);

        Assert.Equal(2, import.ExitCode);
        Assert.Contains(expected, import.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var import = CliProcess.Run(_dir.Path, null, "import", "junit", "nope.xml");

        Assert.Equal(2, import.ExitCode);
        Assert.StartsWith("nope.xml: RG1201: the file does not exist; check the path.", import.Stderr, StringComparison.Ordinal);
    }
}
