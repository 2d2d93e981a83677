using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary><c>releasegate review</c> as real processes against a real <c>releasegate serve</c> process on a SQLite file.</summary>
public class ReviewCliTests
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: low
        evals:
          - suite: core
            file: suite.yaml
            min_pass_rate: 0.8
        reviews:
          - id: experts
            group: experts
            sample: { failures: all, passing: 0, min: 2 }
        approvals:
          - { stage: product, group: leads, count: 1 }
        """;

    [Fact]
    public async Task A_reviewer_takes_judges_and_lists_items_from_the_command_line_and_model_text_is_escaped()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        string[] As(string token, params string[] args) => [.. args, "--server", server.Url, "--token", token];
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "group", "add", "experts")).ExitCode);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "user", "add", "ci")).ExitCode);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "user", "add", "rita", "--group", "experts")).ExitCode);
        string Token(string user, string scope) => CliProcess.Run(folder.Path, null, As(admin, "token", "create", "--user", user, "--scope", scope)).Stdout.Trim();
        var ci = Token("ci", "submit");
        var rita = Token("rita", "review");

        folder.Write("gate.yaml", Gate);

        // The suite the reviewer reads the case from: its prompt, the case's variables, and the defaults' and the case's assertions.
        var suite = new StringBuilder("apiVersion: releasegate/v1\nkind: Suite\nname: core\nprompts:\n  user: \"Customer writes: {{message}}\"\n");
        suite.Append("defaults:\n  assert:\n    - { type: not-icontains, value: \"as an AI\" }\ncases:\n");
        for (var i = 0; i < 10; i++)
        {
            suite.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - id: c{i}\n    vars: {{ message: \"question {i}\" }}\n    assert:\n      - {{ type: icontains, value: refund }}\n");
        }

        folder.Write("suite.yaml", suite.ToString());
        folder.Write("release.yaml", "apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"1.0.0\"\ncomponents:\n  model: m1\n");
        var results = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            // The failing case's output carries a terminal escape sequence and a second line, as a model's output may.
            var output = i == 9 ? "first line\\n\\u001b[31mred\\u001b[0m refund denied" : "ok";
            results.Append($$"""{"suite":"core","case":"c{{i}}","pass":{{(i < 9 ? "true" : "false")}},"output":"{{output}}","assertions":[{"type":"contains","pass":{{(i < 9 ? "true" : "false")}},"reason":"looked for 'refund'"}]}""").Append('\n');
        }

        folder.Write("results.jsonl", results.ToString());
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "workflow", "register", "--gate", "gate.yaml")).ExitCode);
        var submit = CliProcess.Run(folder.Path, null, As(ci, "submit", "--release", "release.yaml", "--results", "results.jsonl"));
        Assert.Contains("reviews/experts", submit.Stdout);

        var list = CliProcess.Run(folder.Path, null, As(rita, "review", "list"));
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Equal(3, list.Stdout.Trim().Split('\n').Length);   // a header and the two items
        Assert.Contains("core/c9\tfailure\texperts\t0/1\topen", list.Stdout);

        var judged = 0;
        while (true)
        {
            var next = CliProcess.Run(folder.Path, null, As(rita, "review", "next"));
            if (next.ExitCode == 3)
            {
                Assert.Contains("no review item is waiting for you", next.Stderr);
                break;
            }

            Assert.True(next.ExitCode == 0, next.Stderr);
            Assert.Contains("verdicts: hidden until you give yours", next.Stdout);
            var id = Regex.Match(next.Stdout, @"^review item (\d+):", RegexOptions.Multiline).Groups[1].Value;
            if (next.Stdout.Contains("core/c9", StringComparison.Ordinal))
            {
                Assert.Contains("      first line", next.Stdout);
                Assert.Contains("\\e[31mred\\e[0m refund denied", next.Stdout);
                Assert.DoesNotContain("\u001b", next.Stdout);
                Assert.Contains("fail contains: looked for 'refund'", next.Stdout);
                var bare = CliProcess.Run(folder.Path, null, As(rita, "review", "submit", id, "--verdict", "fail"));
                Assert.Equal(2, bare.ExitCode);
                Assert.Contains("RG1601", bare.Stderr);
                var failed = CliProcess.Run(folder.Path, null, As(rita, "review", "submit", id, "--verdict", "fail", "--severity", "high", "--comment", "denies a refund it owes"));
                Assert.True(failed.ExitCode == 0, failed.Stderr);
                Assert.Contains("recorded: fail on review item", failed.Stdout);
            }
            else
            {
                Assert.Equal(0, CliProcess.Run(folder.Path, null, As(rita, "review", "submit", id, "--verdict", "pass")).ExitCode);
            }

            judged++;
        }

        Assert.Equal(2, judged);
        var shown = CliProcess.Run(folder.Path, null, As(rita, "review", "show", "1", "--json"));
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("\"verdicts\": [", shown.Stdout);
        var item = System.Text.Json.Nodes.JsonNode.Parse(shown.Stdout)!;
        Assert.Equal("Customer writes: {{message}}", item["case"]!["user_prompt"]!.GetValue<string>());
        Assert.StartsWith("question ", item["case"]!["vars"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["not-icontains", "icontains"], item["case"]!["assertions"]!.AsArray().Select(a => a!["type"]!.GetValue<string>()));
        var status = CliProcess.Run(folder.Path, null, As(ci, "status", "--release", "1"));
        Assert.DoesNotContain("reviews/experts", status.Stdout);   // settled: no longer pending
        Assert.Contains("approvals/product", status.Stdout);
    }
}
