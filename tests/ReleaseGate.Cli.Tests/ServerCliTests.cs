using System.Text;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>The client verbs as real processes against a real <c>releasegate serve</c> process on a SQLite file.</summary>
public class ServerCliTests
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: high
        evals:
          - suite: core
            min_pass_rate: 0.8
        policies:
          - include: policies/org.yaml
        approvals:
          - { stage: product, group: leads, count: 1 }
          - { stage: governance, group: governance, count: 2 }
        waivers: { group: governance, max_duration: 14d }
        """;

    private const string Policies = """
        apiVersion: releasegate/v1
        kind: Policies
        policies:
          - id: model-named
            rule: "release.model != ''"
            effect: block
        """;

    [Fact]
    public async Task Submit_status_approve_and_ship_through_the_command_line()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var bootstrap = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin");
        Assert.Equal(0, bootstrap.ExitCode);
        var admin = bootstrap.Stdout.Trim();
        Assert.StartsWith("rg_", admin);
        Assert.Equal(2, CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "eve").ExitCode);

        using var server = await ServerProcess.StartAsync(db, folder.Path);
        string[] As(string token, params string[] args) => [.. args, "--server", server.Url, "--token", token];
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "group", "add", "leads")).ExitCode);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "group", "add", "governance")).ExitCode);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "user", "add", "ci")).ExitCode);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "user", "add", "lena", "--group", "leads", "--group", "governance")).ExitCode);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "user", "add", "gus")).ExitCode);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "group", "add-member", "governance", "gus")).ExitCode);
        string Token(string user, params string[] scopes)
        {
            var outcome = CliProcess.Run(folder.Path, null, As(admin, ["token", "create", "--user", user, .. scopes.SelectMany(s => new[] { "--scope", s })]));
            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            return outcome.Stdout.Trim();
        }

        var ci = Token("ci", "submit", "review");
        var lena = Token("lena", "approve");
        var gus = Token("gus", "approve");

        folder.Write("gate.yaml", Gate);
        folder.Write("policies/org.yaml", Policies);
        folder.Write("release.yaml", "apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"1.0.0\"\ncomponents:\n  model: m1\n  prompts:\n    system: prompts/system.md\n");
        folder.Write("prompts/system.md", "You are helpful.");
        folder.Write("results.jsonl", Results(9));
        var register = CliProcess.Run(folder.Path, null, As(admin, "workflow", "register", "--gate", "gate.yaml"));
        Assert.True(register.ExitCode == 0, register.Stderr);
        Assert.Contains("changed", register.Stdout);

        var submit = CliProcess.Run(folder.Path, null, As(ci, "submit", "--release", "release.yaml", "--results", "results.jsonl"));
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        Assert.Contains("PENDING: demo 1.0.0 (release 1)", submit.Stdout);
        Assert.Contains($"{server.Url}/releases/1", submit.Stdout);

        var status = CliProcess.Run(folder.Path, null, As(ci, "status", "--release", "1"));
        Assert.Equal(3, status.ExitCode);

        // status prints the evidence digest an approver pins; a pin that is not the current evidence is refused.
        var evidence = System.Text.RegularExpressions.Regex.Match(status.Stdout, @"^  evidence (sha256:[0-9a-f]{64})$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(evidence.Success, status.Stdout);
        var stale = CliProcess.Run(folder.Path, null, As(lena, "approve", "--release", "1", "--stage", "product", "--comment", "fine", "--evidence", "sha256:" + new string('0', 64)));
        Assert.Equal(2, stale.ExitCode);
        Assert.Contains("RG1630", stale.Stderr);

        // A waiting status returns as soon as the approvals arrive.
        using var waiting = ServerProcess.Start(folder.Path, As(ci, "status", "--release", "1", "--wait", "--timeout", "00:01:00", "--interval", "00:00:00.200"));
        Assert.Equal(3, CliProcess.Run(folder.Path, null, As(lena, "approve", "--release", "1", "--stage", "product", "--comment", "fine", "--evidence", evidence.Groups[1].Value)).ExitCode);
        Assert.Equal(3, CliProcess.Run(folder.Path, null, As(lena, "approve", "--release", "1", "--stage", "governance", "--comment", "fine")).ExitCode);
        var twice = CliProcess.Run(folder.Path, null, As(lena, "approve", "--release", "1", "--stage", "governance", "--comment", "again"));
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("RG1611", twice.Stderr);
        var last = CliProcess.Run(folder.Path, null, As(gus, "approve", "--release", "1", "--stage", "governance", "--comment", "fine too"));
        Assert.Equal(0, last.ExitCode);
        Assert.Contains("APPROVED", last.Stdout);
        Assert.True(waiting.WaitForExit(60_000), "status --wait did not return");
        Assert.Equal(0, waiting.ExitCode);
        Assert.Contains("APPROVED", await waiting.StandardOutput.ReadToEndAsync());

        var ship = CliProcess.Run(folder.Path, null, As(ci, "ship", "--release", "1"));
        Assert.True(ship.ExitCode == 0, ship.Stderr);
        Assert.Contains("SHIPPED", ship.Stdout);

        // Every decision the server recorded (pending, the approvals, approved, shipped) derives again from the record.
        var audit = CliProcess.Run(folder.Path, null, "audit", "verify", "--db", db, "--decisions");
        Assert.True(audit.ExitCode == 0, audit.Stderr);
        var derived = System.Text.RegularExpressions.Regex.Match(audit.Stdout, @"decisions follow from the record: (\d+) derived again and identical");
        Assert.True(derived.Success, audit.Stdout);
        Assert.True(int.Parse(derived.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 4, audit.Stdout);

        // Evidence lines are outside the ledger's state check: changed in the table by someone who can drop the guard that
        // keeps them as uploaded, the decisions made on them no longer follow.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using var tamper = connection.CreateCommand();
            tamper.CommandText = "DROP TRIGGER result_lines_no_update; UPDATE result_lines SET line = replace(line, '\"pass\":true', '\"pass\":false') WHERE run_id = 1";
            Assert.True(tamper.ExecuteNonQuery() > 0);
        }

        var broken = CliProcess.Run(folder.Path, null, "audit", "verify", "--db", db, "--decisions");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("state consistent", broken.Stdout);
        Assert.Contains("RG1511: decision", broken.Stderr);
        Assert.Contains("evals/core/pass-rate fail", broken.Stderr);
    }

    [Fact]
    public async Task Blocked_rejected_pending_and_refused_map_to_exit_codes_1_1_3_and_2()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        string[] As(string token, params string[] args) => [.. args, "--server", server.Url, "--token", token];
        CliProcess.Run(folder.Path, null, As(admin, "group", "add", "leads"));
        CliProcess.Run(folder.Path, null, As(admin, "group", "add", "governance"));
        CliProcess.Run(folder.Path, null, As(admin, "user", "add", "sam", "--group", "leads"));
        var sam = CliProcess.Run(folder.Path, null, As(admin, "token", "create", "--user", "sam", "--scope", "submit", "--scope", "approve")).Stdout.Trim();
        folder.Write("gate.yaml", Gate);
        folder.Write("policies/org.yaml", Policies);
        CliProcess.Run(folder.Path, null, As(admin, "workflow", "register", "--gate", "gate.yaml"));
        folder.Write("a.yaml", "apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"1.0.0\"\ncomponents:\n  model: m1\n");
        folder.Write("b.yaml", "apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"1.1.0\"\ncomponents:\n  model: m2\n");
        folder.Write("bad.jsonl", Results(3));
        folder.Write("good.jsonl", Results(10));

        var blocked = CliProcess.Run(folder.Path, null, As(sam, "submit", "--release", "a.yaml", "--results", "bad.jsonl"));
        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains("BLOCKED", blocked.Stdout);
        Assert.Contains("evals/core/pass-rate", blocked.Stdout);

        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(sam, "submit", "--release", "b.yaml", "--results", "good.jsonl")).ExitCode);
        var pending = CliProcess.Run(folder.Path, null, As(sam, "status", "--release", "2", "--wait", "--timeout", "00:00:01", "--interval", "00:00:00.200"));
        Assert.Equal(3, pending.ExitCode);
        Assert.Contains("still pending", pending.Stderr);

        var self = CliProcess.Run(folder.Path, null, As(sam, "approve", "--release", "2", "--stage", "product", "--comment", "mine"));
        Assert.Equal(2, self.ExitCode);
        Assert.Contains("RG1610", self.Stderr);

        var reject = CliProcess.Run(folder.Path, null, As(sam, "reject", "--release", "2", "--stage", "product", "--comment", "not ready"));
        Assert.Equal(1, reject.ExitCode);
        Assert.Contains("REJECTED", reject.Stdout);

        var noToken = CliProcess.Run(folder.Path, null, "status", "--release", "2", "--server", server.Url);
        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("RG1608", noToken.Stderr);
    }

    [Fact]
    public void An_unreachable_server_is_exit_2_with_RG1618()
    {
        using var folder = new TempFolder();

        var outcome = CliProcess.Run(folder.Path, null, "status", "--release", "1", "--server", "http://127.0.0.1:9", "--token", "rg_x");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("RG1618", outcome.Stderr);
    }

    private static string Results(int passing)
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append($$"""{"suite":"core","case":"c{{i}}","pass":{{(i < passing ? "true" : "false")}}}""").Append('\n');
        }

        return text.ToString();
    }
}
