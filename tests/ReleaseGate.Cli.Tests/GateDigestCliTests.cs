using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>The gate digest <c>check</c> reports and the one a real <c>releasegate serve</c> stores are the same, and cover every file.</summary>
public partial class GateDigestCliTests
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        evals:
          - suite: core
            file: suites/core.yaml
            min_pass_rate: 0.8
        policies:
          - include: policies/org.yaml
        """;

    private const string Policies = "apiVersion: releasegate/v1\nkind: Policies\npolicies:\n  - { id: always, rule: \"true\" }\n";

    [Fact]
    public async Task Check_and_the_server_give_one_gate_the_same_digest_and_any_file_it_names_changes_it_in_both()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        folder.Write("gate.yaml", Gate);
        folder.Write("policies/org.yaml", Policies);
        folder.Write("suites/core.yaml", "apiVersion: releasegate/v1\nkind: Suite\nname: core\ncase_files: [cases/core.jsonl]\n");
        folder.Write("suites/cases/core.jsonl", Cases(10));
        folder.Write("results.jsonl", Results(10));

        (string Server, string Check) Digests()
        {
            var register = CliProcess.Run(folder.Path, null, "workflow", "register", "--gate", "gate.yaml", "--server", server.Url, "--token", admin);
            Assert.True(register.ExitCode == 0, register.Stderr);
            var stored = StoredDigest().Match(register.Stdout);
            Assert.True(stored.Success, register.Stdout);
            var check = CliProcess.Run(folder.Path, null, "check", "--gate", "gate.yaml", "--results", "results.jsonl", "--format", "json");
            Assert.True(check.ExitCode == 0, check.Stderr + check.Stdout);
            return (stored.Groups[1].Value, (string)JsonNode.Parse(check.Stdout)!["gate"]!["digest"]!);
        }

        var first = Digests();
        Assert.Equal(first.Server, first.Check);
        Assert.NotEqual(Sha256(Gate), first.Check);

        folder.Write("policies/org.yaml", Policies + "# reviewed by security\n");
        var second = Digests();
        Assert.Equal(second.Server, second.Check);
        Assert.NotEqual(first.Check, second.Check);

        folder.Write("suites/cases/core.jsonl", Cases(9));
        var third = Digests();
        Assert.Equal(third.Server, third.Check);
        Assert.NotEqual(second.Check, third.Check);
    }

    private static string Cases(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $$"""{"id":"c{{i}}"}""" + "\n"));

    private static string Results(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $$"""{"suite":"core","case":"c{{i}}","pass":true}""" + "\n"));

    private static string Sha256(string text) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"gate (sha256:[0-9a-f]{64}) \(")]
    private static partial Regex StoredDigest();
}
