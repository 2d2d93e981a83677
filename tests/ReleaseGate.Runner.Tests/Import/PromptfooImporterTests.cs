using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Import;
using Xunit;
using static ReleaseGate.Runner.Tests.Import.ImportHarness;

namespace ReleaseGate.Runner.Tests.Import;

public sealed class PromptfooImporterTests
{
    private static readonly ImportOptions Options = new("support-core");

    [Fact]
    public void Real_promptfoo_results_map_to_one_line_per_result()
    {
        var imported = Run(PromptfooImporter.Import, Fixture("promptfoo", "results.json"), Options);

        Assert.True(imported.Result.Success, string.Join("\n", imported.Result.Errors));
        Assert.Equal(new ImportSummary(5, 3, 2, 0, 0), imported.Result.Value);
        Assert.Equal(
            ["refund-confirmed", "price-in-usd", "vars {\"question\":\"plain question without description\"}", "json-output", "threshold-case"],
            imported.Lines.Select(l => (string)l["case"]!));

        var refund = imported.Line("refund-confirmed");
        Assert.True((bool)refund["pass"]!);
        Assert.Equal("high", (string)refund["severity"]!);
        Assert.Equal(["refunds"], refund["slices"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("Customer question: Order 1234 arrived broken, refund please", (string)refund["output"]!);
        Assert.Equal(14, (double)refund["latency_ms"]!);
        Assert.Equal(["icontains", "contains"], refund["assertions"]!.AsArray().Select(a => (string)a!["type"]!));

        var price = imported.Line("price-in-usd");
        Assert.False((bool)price["pass"]!);
        Assert.Null(price["error"]);
        Assert.Equal("Expected output to contain \"USD\"", (string)price["assertions"]![0]!["reason"]!);
    }

    [Fact]
    public void Promptfoo_verdict_is_kept_when_a_test_threshold_excused_a_failing_assertion()
    {
        var line = Run(PromptfooImporter.Import, Fixture("promptfoo", "results.json"), Options).Line("threshold-case");

        Assert.True((bool)line["pass"]!);
        Assert.Equal(0.5, (double)line["score"]!);
        Assert.Contains(line["assertions"]!.AsArray(), a => !(bool)a!["pass"]!);
    }

    [Fact]
    public void A_result_nested_past_the_depth_limit_is_an_error_not_a_crash()
    {
        var path = Temp("deep.json", "{\"results\":{\"results\":[{\"vars\":" + new string('[', 50_000) + new string(']', 50_000) + "}]}}");

        var error = Assert.Single(Run(PromptfooImporter.Import, path, Options).Result.Errors);

        Assert.Equal((ErrorCodes.ImportPromptfoo, 1), (error.Code, error.Location.Line));
    }

    [Fact]
    public void A_result_longer_than_the_line_limit_is_refused_without_holding_it_all()
    {
        var path = Temp("long.json", "{\"results\":{\"results\":[\n{\"response\":{\"output\":\"" + new string('x', InputLimits.MaxJsonLineBytes + 100) + "\"}}]}}");

        var error = Assert.Single(Run(PromptfooImporter.Import, path, Options).Result.Errors);

        Assert.Equal(ErrorCodes.LineTooLong, error.Code);
        Assert.Equal(new SourceLocation("long.json", 2, 0), error.Location);
    }

    [Fact]
    public void Several_providers_need_a_choice()
    {
        var imported = Run(PromptfooImporter.Import, Fixture("promptfoo", "results-two.json"), Options);

        var error = Assert.Single(imported.Result.Errors);
        Assert.Equal("results-two.json: RG1470: the file holds results of several providers ('unreachable-model (http://127.0.0.1:9/v1/answer)', 'echo-model (echo)'); choose one with --provider.", error.ToString());
        Assert.Equal("", imported.Text);
    }

    [Fact]
    public void Repeats_of_a_test_share_its_case_id()
    {
        var imported = Run(PromptfooImporter.Import, Fixture("promptfoo", "results-two.json"), Options with { Provider = "echo-model" });

        Assert.Equal(new ImportSummary(4, 2, 2, 0, 0), imported.Result.Value);
        var reader = ReadBack(imported.Text);
        var cases = reader.Candidate.Suites["support-core"].Cases;
        Assert.Equal(2, cases["refund"].Passed);
        Assert.Equal(2, cases["greeting"].Failed);
    }

    [Fact]
    public void Provider_failures_become_errors_never_passes_or_failures()
    {
        var imported = Run(PromptfooImporter.Import, Fixture("promptfoo", "results-two.json"), Options with { Provider = "http://127.0.0.1:9/v1/answer", Target = "baseline" });

        Assert.Equal(new ImportSummary(4, 0, 0, 4, 0), imported.Result.Value);
        Assert.All(imported.Lines, l =>
        {
            Assert.StartsWith("Error: Request failed after 0 retries", (string)l["error"]!, StringComparison.Ordinal);
            Assert.Null(l["pass"]);
            Assert.Equal("baseline", (string)l["target"]!);
        });
        var reader = ReadBack(imported.Text);
        Assert.Equal(4, reader.Baseline.Suites["support-core"].Cases.Values.Sum(c => c.Errored));
    }

    [Fact]
    public void An_unknown_provider_is_named_with_the_ones_there_are()
    {
        var imported = Run(PromptfooImporter.Import, Fixture("promptfoo", "results-two.json"), Options with { Provider = "gpt-9" });

        Assert.Equal("results-two.json: RG1470: no results of provider 'gpt-9' in the file; it holds 'unreachable-model (http://127.0.0.1:9/v1/answer)', 'echo-model (echo)'.", Assert.Single(imported.Result.Errors).ToString());
    }

    [Fact]
    public void Truncated_file_is_an_error_at_its_end_and_nothing_is_written()
    {
        var text = File.ReadAllText(Fixture("promptfoo", "results.json"));
        var cut = text[..(text.Length / 2)];
        var path = Temp("cut.json", cut);

        var imported = Run(PromptfooImporter.Import, path, Options);

        var error = Assert.Single(imported.Result.Errors);
        Assert.Equal(ErrorCodes.ImportPromptfoo, error.Code);
        Assert.StartsWith("the file is not valid JSON:", error.Message, StringComparison.Ordinal);
        Assert.Equal(cut.Split('\n').Length, error.Location.Line);
        Assert.Equal("", imported.Text);
    }

    [Fact]
    public void Syntax_errors_deep_in_a_big_file_have_their_absolute_line()
    {
        var path = BigFile(3000, breakAt: 2500);
        try
        {
            var imported = Run(PromptfooImporter.Import, path, Options);

            var error = Assert.Single(imported.Result.Errors);
            var lines = File.ReadAllLines(path);
            var expected = Array.FindIndex(lines, l => l.Contains("\"success\": tru,", StringComparison.Ordinal)) + 1;
            Assert.Equal(expected, error.Location.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Big_files_and_big_results_stream_through()
    {
        var path = BigFile(3000, breakAt: null, hugeOutputAt: 1234);
        try
        {
            var imported = Run(PromptfooImporter.Import, path, Options);

            Assert.True(imported.Result.Success, string.Join("\n", imported.Result.Errors));
            Assert.Equal(3000, imported.Result.Value!.Lines);
            Assert.Equal(3000, ReadBack(imported.Text).Candidate.Suites["support-core"].Cases.Count);
            Assert.Equal(ResultLineWriter.MaxTextLength + 1, ((string)imported.Line("case-1234")["output"]!).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("[1, 2]", "results.json: RG1470: this is not a promptfoo results file: the document is not a JSON object. Give the file that 'promptfoo eval -o results.json' writes (output format JSON, version 3).")]
    [InlineData("{\"results\": {\"version\": 2, \"table\": {}}}", "results.json: RG1470: promptfoo results version 2 is not supported; this importer reads version 3 (promptfoo 0.100 and later). Re-run the eval with a current promptfoo.")]
    [InlineData("{\"evalId\": \"x\"}", "results.json: RG1470: this is not a promptfoo results file: it has no 'results.results' list. Give the file that 'promptfoo eval -o results.json' writes (output format JSON, version 3).")]
    [InlineData("{\"results\": {\"version\": 3, \"results\": []}}", "results.json: RG1470: the file holds no results; there is nothing to import. Check that the eval ran its tests.")]
    [InlineData("{\"results\": {\"version\": 3,\n \"results\": [\n  {\"success\": \"yes\", \"provider\": {\"id\": \"echo\"}}]}}", "results.json:3:3: RG1470: 'success' of a promptfoo result must be true or false.")]
    [InlineData("{\"results\": {\"results\": [{\"success\": true, \"provider\": {\"id\": \"echo\"}, \"testCase\": {\"metadata\": {\"slices\": [\"a/b\"]}}}]}}", "results.json:1:26: RG1470: 'testCase.metadata.slices' of a promptfoo result must be a list of non-empty strings without '/'.")]
    [InlineData("{\"results\": {\"results\": [{\"success\": true, \"provider\": {\"id\": \"echo\"}, \"testCase\": {\"metadata\": {\"severity\": \"urgent\"}}}]}}", "results.json:1:26: RG1470: 'testCase.metadata.severity' of a promptfoo result must be one of critical, high, medium, low.")]
    public void Files_that_are_not_promptfoo_results_are_refused(string json, string expected)
    {
        var imported = Run(PromptfooImporter.Import, Temp("results.json", json), Options);

        Assert.Equal(expected, Assert.Single(imported.Result.Errors).ToString());
        Assert.Equal("", imported.Text);
    }

    /// <summary>
    /// A promptfoo-shaped file of <paramref name="count"/> results, pretty-printed as promptfoo writes it, built from the
    /// first result of the real fixture with distinct descriptions.
    /// </summary>
    private static string BigFile(int count, int? breakAt, int? hugeOutputAt = null)
    {
        var real = JsonNode.Parse(File.ReadAllText(Fixture("promptfoo", "results.json")))!;
        var template = real["results"]!["results"]![0]!;
        var path = Path.Combine(Path.GetTempPath(), "rg-pf-big-" + Guid.NewGuid().ToString("N") + ".json");
        var indented = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write("{\n  \"evalId\": \"big\",\n  \"results\": {\n    \"version\": 3,\n    \"results\": [\n");
        for (var i = 0; i < count; i++)
        {
            var item = template.DeepClone();
            item["testCase"]!["description"] = $"case-{i}";
            if (i == hugeOutputAt)
            {
                item["response"]!["output"] = new string('o', 300_000);
            }

            var text = item.ToJsonString(indented);
            if (i == breakAt)
            {
                text = text.Replace("\"success\": true,", "\"success\": tru,", StringComparison.Ordinal);
            }

            w.Write(text);
            w.Write(i + 1 < count ? ",\n" : "\n");
        }

        w.Write("    ]\n  },\n  \"config\": {}\n}\n");
        return path;
    }
}
