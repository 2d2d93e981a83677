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
