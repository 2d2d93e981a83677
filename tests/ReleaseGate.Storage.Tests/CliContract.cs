using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>
/// The storage verbs as real processes on both databases: tampering found by <c>audit verify</c>, the export checked offline,
/// and a <c>db ingest</c> of a million lines killed with SIGKILL half-way.
/// </summary>
public abstract class CliContract : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("releasegate-cli-").FullName;

    protected string Folder => _folder;

    protected abstract string Database { get; }

    protected abstract Task CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    protected abstract Task<int> ExecuteRawAsync(string sql);

    protected abstract Task DropTriggerAsync(string table, string trigger);

    public Task InitializeAsync() => CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        await DropDatabaseAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [StoreFact]
    public async Task Audit_verify_passes_an_intact_ledger()
    {
        await SeedLedgerAsync(5);
        var outcome = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("ledger intact: 5 entries verified", outcome.Stdout, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Audit_verify_fails_and_names_an_approval_written_straight_into_the_table()
    {
        long releaseId;
        await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = Database }))
        {
            await using var tx = await store.BeginAsync();
            await tx.UpsertWorkflowAsync("support-agent", "high");
            var release = await tx.AddReleaseAsync(new NewRelease("support-agent", "4.0.0", "sha256:r4", "kind: Release\n", "bob", "none"));
            await tx.AppendLedgerAsync(new NewLedgerEntry("bob", LedgerEvents.ReleaseCreated, $"release:{release.Id}",
                new JsonObject { ["workflow"] = "support-agent", ["version"] = "4.0.0", ["digest"] = "sha256:r4" }));
            await tx.CommitAsync();
            releaseId = release.Id;
        }

        var clean = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("state consistent: 1 rows of releases, decisions, approvals, waivers, review verdicts and bank cases match 1 ledger entries", clean.Stdout, StringComparison.Ordinal);

        await ExecuteRawAsync("INSERT INTO approvals (release_id, stage, actor, release_digest, evidence_digest, verdict, comment, created_at) " +
            $"VALUES ({releaseId}, 'security', 'mallory', 'sha256:r4', 'sha256:e', 'approve', 'trust me \u001b[2K', '2026-11-26T09:30:00.000000Z')");
        var forged = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal(1, forged.ExitCode);
        Assert.Contains("ledger intact", forged.Stdout, StringComparison.Ordinal);
        Assert.Contains("releasegate: RG1510: approvals 1: approval 1 (mallory, stage 'security' of release", forged.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 row(s) are not what the ledger implies", forged.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', forged.Stderr);
    }

    [StoreFact]
    public async Task Audit_verify_names_the_entry_where_one_byte_changed()
    {
        await SeedLedgerAsync(5);
        await DropTriggerAsync("ledger", "ledger_no_update");
        Assert.Equal(1, await ExecuteRawAsync("UPDATE ledger SET payload = replace(payload, '\"amount\":3', '\"amount\":8') WHERE seq = 3"));
        var outcome = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("releasegate: RG1507: ledger entry 3 does not verify (content changed)", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 entries before it verified", outcome.Stderr, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Audit_verify_names_a_deleted_entry()
    {
        await SeedLedgerAsync(5);
        await DropTriggerAsync("ledger", "ledger_no_delete");
        Assert.Equal(1, await ExecuteRawAsync("DELETE FROM ledger WHERE seq = 2"));
        var outcome = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("RG1507: ledger entry 2 does not verify (entry missing): entry 2 is missing: entry 3 follows entry 1", outcome.Stderr, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Audit_export_writes_entries_an_auditor_can_rehash_without_releasegate()
    {
        await SeedLedgerAsync(4);
        var file = Path.Combine(Folder, "ledger.jsonl");
        var outcome = await CliProcess.RunAsync("audit", "export", "--db", Database, "--output", file);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal($"exported 4 ledger entries to {file}\n", outcome.Stdout);

        var previous = LedgerHash.Genesis;
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(4, lines.Length);
        foreach (var line in lines)
        {
            // Any JCS implementation: drop "hash", canonicalize, SHA-256.
            var entry = JsonNode.Parse(line)!.AsObject();
            Assert.Equal(line, CanonicalJson.Serialize(JsonNode.Parse(line)));
            var hash = entry["hash"]!.GetValue<string>();
            entry.Remove("hash");
            var recomputed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(entry))));
            Assert.Equal(hash, recomputed);
            Assert.Equal(previous, entry["prev"]!.GetValue<string>());
            previous = hash;
        }

        var stdout = await CliProcess.RunAsync("audit", "export", "--db", Database, "--after", "3");
        Assert.Equal(lines[3] + "\n", stdout.Stdout);
    }

    [StoreFact]
    public async Task Audit_verify_without_a_database_says_how_to_name_one()
    {
        var outcome = await CliProcess.RunAsync("audit", "verify");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("RG1508: no database given; pass --db PATH", outcome.Stderr, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_database_from_a_newer_releasegate_is_refused_by_the_cli()
    {
        await SeedLedgerAsync(1);
        var known = typeof(GateStore).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("ReleaseGate.Storage.Migrations.Sqlite.", StringComparison.Ordinal));
        await ExecuteRawAsync($"INSERT INTO releasegate_schema (version, name, applied_at) VALUES ({known + 1}, 'future', '2030-01-01')");
        var outcome = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"RG1502: the database is at schema version {known + 1}, but this ReleaseGate knows versions up to {known}", outcome.Stderr, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_bad_results_line_stores_nothing_and_names_its_place()
    {
        var results = Path.Combine(Folder, "bad.jsonl");
        await File.WriteAllTextAsync(results, "{\"suite\":\"s\",\"case\":\"a\",\"pass\":true}\n{\"suite\":\"s\",\"case\":\"b\",\"pass\":\"yes\"}\n");
        var outcome = await CliProcess.RunAsync("db", "ingest", "--db", Database, "--results", results, "--workflow", "w", "--release", "1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"{results}:2:25: RG1103: field 'pass' must be true, false or null.", outcome.Stderr, StringComparison.Ordinal);
        await using var store = await GateStore.OpenAsync(new GateStoreOptions { Database = Database });
        Assert.Empty(await store.ListReleasesAsync());
        Assert.Null(await store.GetLedgerHeadAsync());
    }

    [StoreFact]
    public async Task An_ingest_killed_half_way_leaves_none_of_the_run_and_a_rerun_stores_all_of_it()
    {
        const int Lines = 1_000_000;
        var results = Path.Combine(Folder, "results.jsonl");
        await WriteResultsAsync(results, Lines);
        string[] ingest = ["db", "ingest", "--db", Database, "--results", results, "--workflow", "support-agent", "--release", "2026.11.3", "--actor", "ci"];

        using (var process = Process.Start(CliProcess.StartInfo(ingest))!)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string? line;
            var progress = new List<string>();
            while ((line = await process.StandardError.ReadLineAsync()) is not null)
            {
                progress.Add(line);
                if (line == "ingested 300000 lines")
                {
                    process.Kill();   // SIGKILL: no handler, no rollback by the process itself
                    break;
                }
            }

            await process.WaitForExitAsync();
            Assert.True(progress.Contains("ingested 300000 lines"), "the ingest ended before it was killed: " + string.Join(" | ", progress) + await stdout);
            Assert.NotEqual(0, process.ExitCode);
        }

        var verify = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal((0, ""), (verify.ExitCode, verify.Stderr));
        await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = Database }))
        {
            Assert.Empty(await store.ListReleasesAsync());
            Assert.Null(await store.GetLedgerHeadAsync());
        }

        var rerun = await CliProcess.RunAsync(TimeSpan.FromMinutes(10), ingest);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains($": {Lines} lines (sha256:", rerun.Stdout, StringComparison.Ordinal);
        verify = await CliProcess.RunAsync("audit", "verify", "--db", Database);
        Assert.Equal(0, verify.ExitCode);
        Assert.StartsWith("ledger intact: 2 entries verified", verify.Stdout, StringComparison.Ordinal);

        await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = Database }))
        {
            var release = Assert.Single(await store.ListReleasesAsync("support-agent"));
            var run = Assert.Single(await store.ListEvidenceRunsAsync(release.Id));
            Assert.Equal(Lines, run.LineCount);
            Assert.Equal(Lines, await CountRowsAsync("result_lines"));
        }

        var again = await CliProcess.RunAsync(TimeSpan.FromMinutes(5), ingest);
        Assert.Equal(0, again.ExitCode);
        // The run id may not be 1: PostgreSQL identities are not rolled back with the killed transaction.
        Assert.Matches(@"^already stored: run \d+ of support-agent 2026\.11\.3 has 1000000 lines", again.Stdout);
        Assert.Equal(Lines, await CountRowsAsync("result_lines"));
    }

    /// <summary>Counts the stored result lines of every release by reading them back.</summary>
    private async Task<long> CountRowsAsync(string table)
    {
        await using var store = await GateStore.OpenAsync(new GateStoreOptions { Database = Database });
        long count = 0;
        foreach (var release in await store.ListReleasesAsync())
        {
            await foreach (var _ in store.ReadResultLinesAsync(release.Id))
            {
                count++;
            }
        }

        return table == "result_lines" ? count : throw new ArgumentOutOfRangeException(nameof(table));
    }

    private async Task SeedLedgerAsync(int count)
    {
        await using var store = await GateStore.OpenAsync(new GateStoreOptions { Database = Database });
        await using var tx = await store.BeginAsync();
        for (var i = 1; i <= count; i++)
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("alice", "evidence.added", $"release:{i}", new JsonObject { ["amount"] = i, ["note"] = "ü \"q\"" }));
        }

        await tx.CommitAsync();
    }

    private static async Task WriteResultsAsync(string path, int lines)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < lines; i++)
        {
            var pass = i % 13 != 0 ? "true" : "false";
            await writer.WriteAsync($"{{\"suite\":\"support-core\",\"case\":\"case-{i % 100_000:D6}\",\"repeat\":{i / 100_000},\"target\":\"candidate\",\"slices\":[\"refunds\"],\"severity\":\"high\",\"pass\":{pass},\"score\":0.9,\"latency_ms\":{400 + (i % 300)},\"output\":\"answer {i}\"}}\n");
        }
    }
}
