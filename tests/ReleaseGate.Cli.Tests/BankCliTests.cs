using System.Diagnostics;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// The example's regression bank end to end, every step a real process: a refunds incident banked from the blocked candidate's
/// failing case, exported, replayed by <c>eval run</c> against mock-model on the fix, and required of the fix by its server-side
/// decision. On SQLite and on PostgreSQL.
/// </summary>
public class BankCliTests
{
    [Fact]
    public Task The_incident_banked_from_the_candidate_is_required_of_the_fix_and_passes_there_on_sqlite() =>
        RunAsync(null);

    [ServerPostgresFact]
    public async Task The_incident_banked_from_the_candidate_is_required_of_the_fix_and_passes_there_on_postgres() =>
        await RunAsync(await ServerPostgres.CreateDatabaseAsync());

    [Fact]
    public async Task A_large_bank_is_added_from_a_case_file_and_exported_as_a_suite_file_naming_its_case_file()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        CliProcess.Outcome Run(params string[] args) => CliProcess.Run(folder.Path, null, [.. args, "--server", server.Url, "--token", admin]);
        folder.Write("gate.yaml", "apiVersion: releasegate/v1\nkind: Gate\nworkflow: demo\nrisk: low\nregressions:\n  suite: bank\n");
        Assert.Equal(0, Run("workflow", "register", "--gate", "gate.yaml").ExitCode);
        folder.Write("incidents.yaml", "apiVersion: releasegate/v1\nkind: Suite\nname: incidents\nprompts:\n  user: \"{{q}}\"\ncase_files: [incidents.jsonl]\n");
        folder.Write("incidents.jsonl", string.Concat(Enumerable.Range(0, MaxInline + 1).Select(i =>
            $$"""{"id":"i{{i:D4}}","severity":"high","vars":{"q":"question {{i}}"},"assert":[{"type":"icontains","value":"answer"}]}""" + "\n")));
        var added = Run("bank", "add", "--workflow", "demo", "--file", "incidents.yaml", "--incident", "INC-1", "--reason", "a year of incidents");
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Equal(MaxInline + 1, added.Stdout.Split('\n').Count(l => l.StartsWith("added ", StringComparison.Ordinal)));

        var export = Run("bank", "export", "--workflow", "demo", "-o", "bank.yaml");
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("wrote bank.yaml and its case file bank.cases.jsonl: 1,001 cases", export.Stderr, StringComparison.Ordinal);
        Assert.Contains("bank.cases.jsonl", File.ReadAllText(Path.Combine(folder.Path, "bank.yaml")), StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(folder.Path, "bank.cases.jsonl"));
        Assert.Equal(MaxInline + 1, lines.Length);
        Assert.Contains("\"incident\":\"INC-1\"", lines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "bank.yaml.partial")));

        // What it wrote is a suite the bank takes back: the same inputs, now known.
        var again = Run("bank", "add", "--workflow", "demo", "--file", "bank.yaml", "--reason", "round trip");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.DoesNotContain("added ", again.Stdout, StringComparison.Ordinal);

        // A refused export leaves nothing behind.
        Assert.Equal(2, Run("bank", "export", "--workflow", "nope", "-o", "other.yaml").ExitCode);
        Assert.Empty(Directory.GetFiles(folder.Path, "other*"));
    }

    [Fact]
    public async Task A_production_trace_and_promptfoo_failures_become_bank_cases_with_their_provenance()
    {
        using var folder = new TempFolder();
        var root = CliProcess.RepositoryRoot();
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        CliProcess.Outcome Run(params string[] args) => CliProcess.Run(folder.Path, null, [.. args, "--server", server.Url, "--token", admin]);
        folder.Write("gate.yaml", "apiVersion: releasegate/v1\nkind: Gate\nworkflow: demo\nrisk: low\nregressions:\n  suite: bank\n");
        Assert.Equal(0, Run("workflow", "register", "--gate", "gate.yaml").ExitCode);
        var trace = Path.Combine(root, "examples", "imports", "traces", "refund-incident.json");

        // A trace says what happened, not what should have: without an assertion nothing is sent.
        var bare = Run("bank", "add", "--workflow", "demo", "--trace", trace, "--reason", "refunded $240 without a human");
        Assert.Equal(2, bare.ExitCode);
        Assert.Contains("--assert", bare.Stderr, StringComparison.Ordinal);
        var bad = Run("bank", "add", "--workflow", "demo", "--trace", trace, "--assert", "tool-not-caled:issue_refund", "--reason", "r");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("tool-not-caled", bad.Stderr, StringComparison.Ordinal);

        var added = Run("bank", "add", "--workflow", "demo", "--trace", trace, "--id", "inc-3001", "--incident", "INC-3001", "--severity", "critical",
            "--slice", "refunds", "--assert", "tool-not-called:issue_refund", "--assert", "icontains:human", "--reason", "refunded $240 without a human");
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Contains("added inc-3001 (active)", added.Stdout, StringComparison.Ordinal);
        var shown = Run("bank", "show", "inc-3001", "--workflow", "demo");
        Assert.Contains("source:    trace, incident INC-3001", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("tool: ", shown.Stdout, StringComparison.Ordinal);            // the conversation, tool answer included
        Assert.Contains("assert:    tool-not-called", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("original output:", shown.Stdout, StringComparison.Ordinal);

        // The same trace again is known; promptfoo's failures come in as an import, each with the failing output.
        var again = Run("bank", "add", "--workflow", "demo", "--trace", trace, "--id", "inc-3002", "--assert", "icontains:human", "--reason", "seen again");
        Assert.Contains("known inc-3002: inc-3001 already records this source", again.Stdout, StringComparison.Ordinal);
        var promptfoo = Run("bank", "add", "--workflow", "demo", "--promptfoo", Path.Combine(root, "examples", "imports", "promptfoo", "results.json"), "--reason", "last quarter's failures");
        Assert.True(promptfoo.ExitCode == 0, promptfoo.Stderr);
        Assert.Contains("added ", promptfoo.Stdout, StringComparison.Ordinal);
        var list = Run("bank", "list", "--workflow", "demo", "--json");
        Assert.Contains("\"source\": \"import\"", list.Stdout, StringComparison.Ordinal);
    }

    private const int MaxInline = 1000;

    private static async Task RunAsync(string? postgres)
    {
        using var folder = new TempFolder();
        var root = CliProcess.RepositoryRoot();
        var example = Path.Combine(root, "examples", "support-agent");
        var db = postgres ?? Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        string[] As(params string[] args) => [.. args, "--server", server.Url, "--token", admin];
        CliProcess.Outcome Run(params string[] args) => CliProcess.Run(folder.Path, null, As(args));

        Assert.Equal(0, Run("workflow", "register", "--gate", Path.Combine(example, "gate.yaml")).ExitCode);
        var seeded = Run("bank", "list", "--workflow", "support-agent");
        Assert.True(seeded.ExitCode == 0, seeded.Stderr);
        Assert.Contains("12 cases", seeded.Stderr, StringComparison.Ordinal);   // the gate's bank file seeded the bank
        Assert.Matches(@"inc-2291\s+active\s+critical\s+incident INC-2291", seeded.Stdout);

        var candidate = Run("submit", "--release", Path.Combine(example, "releases", "candidate.yaml"),
            "--results", Path.Combine(example, "results", "support-core.jsonl"), Path.Combine(example, "results", "regressions.jsonl"));
        Assert.Contains("BLOCKED: support-agent 2026.11.0", candidate.Stdout, StringComparison.Ordinal);

        var added = Run("bank", "add", "--workflow", "support-agent", "--from", "2026.11.0", "--case", "refund-004", "--id", "inc-2461",
            "--incident", "INC-2461", "--severity", "high", "--reason", "offered store credit where the policy refunds");
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Contains("added inc-2461 (active)", added.Stdout, StringComparison.Ordinal);
        var shown = Run("bank", "show", "inc-2461", "--workflow", "support-agent");
        Assert.Contains("source:    release, incident INC-2461, release 2026.11.0 (support-core/refund-004)", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("store credit", shown.Stdout, StringComparison.Ordinal);   // the candidate's original output

        // The fix's committed bank results predate the incident: without its replay, the fix is blocked.
        var stale = Run("submit", "--release", Path.Combine(example, "releases", "fix.yaml"),
            "--results", Path.Combine(example, "results", "fix", "support-core.jsonl"), Path.Combine(example, "results", "fix", "regressions.jsonl"));
        Assert.Contains("BLOCKED: support-agent 2026.11.1", stale.Stdout, StringComparison.Ordinal);
        Assert.Contains("regressions/missing", stale.Stdout, StringComparison.Ordinal);
        Assert.Contains("inc-2461", stale.Stdout, StringComparison.Ordinal);

        // Export the bank, replay it on the fix (and the baseline beside it) against mock-model, and send the results.
        Assert.Equal(0, Run("bank", "export", "--workflow", "support-agent", "-o", "bank.yaml").ExitCode);
        var exported = File.ReadAllText(Path.Combine(folder.Path, "bank.yaml"));
        Assert.Contains("INC-2461", exported, StringComparison.Ordinal);
        using (var mock = Process.Start(CliProcess.StartInfo(folder.Path, "mock-model", "--port", "0", "--latency-ms", "1", "--rules", Path.Combine(example, "mock-model.yaml")))!)
        {
            try
            {
                var first = await mock.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.StartsWith("mock-model listening on http://127.0.0.1:", first, StringComparison.Ordinal);
                var eval = CliProcess.StartInfo(folder.Path, "eval", "run", "--suite", "bank.yaml", "--targets", Path.Combine(example, "targets.yaml"),
                    "--target", "fix", "--baseline-target", "baseline", "--judge-target", "judge", "--no-cache", "-o", "replay.jsonl");
                eval.Environment["RELEASEGATE_MODEL_URL"] = first!.Split(' ')[3];
                using var run = Process.Start(eval)!;
                var stderr = run.StandardError.ReadToEndAsync();
                await run.StandardOutput.ReadToEndAsync();
                await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
                Assert.True(run.ExitCode == 0, await stderr);
            }
            finally
            {
                mock.Kill();
            }
        }

        var fix = Run("submit", "--release", Path.Combine(example, "releases", "fix.yaml"), "--results", "replay.jsonl");
        Assert.DoesNotContain("regressions/missing", fix.Stdout, StringComparison.Ordinal);
        Assert.Contains("PENDING: support-agent 2026.11.1", fix.Stdout, StringComparison.Ordinal);

        // The case's history: replayed by the fix, passing there and on the baseline.
        shown = Run("bank", "show", "inc-2461", "--workflow", "support-agent");
        Assert.Contains("2026.11.1 (pending): pass, baseline pass", shown.Stdout, StringComparison.Ordinal);
        var status = Run("status", "--release", "2", "--json");
        Assert.Matches("\"case\":\\s*\"inc-2461\"", status.Stdout);
    }
}
