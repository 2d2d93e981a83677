using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>
/// The store's contract, written once and run against SQLite and a real PostgreSQL (STYLE §6). Every test gets a fresh
/// database, so no test depends on another's writes.
/// </summary>
public abstract partial class GateStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero));

    protected IGateStore Store { get; private set; } = null!;

    /// <summary>Creates the empty database this test uses.</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>Deletes it.</summary>
    protected abstract Task DropDatabaseAsync();

    /// <summary>The <see cref="GateStoreOptions.Database"/> string of this test's database.</summary>
    protected abstract string Database { get; }

    /// <summary>Runs SQL straight on the database, as an attacker or an operator would, bypassing the store.</summary>
    protected abstract Task<int> ExecuteRawAsync(string sql);

    /// <summary>Drops a retention trigger, as an attacker with database access would before rewriting a row.</summary>
    protected abstract Task DropTriggerAsync(string table, string trigger);

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DropDatabaseAsync();
    }

    protected Task<IGateStore> OpenAsync(bool migrate = true) =>
        GateStore.OpenAsync(new GateStoreOptions { Database = Database, TimeProvider = Time, Clock = StoreClock.Local, Migrate = migrate });

    protected async Task<ReleaseRecord> SeedReleaseAsync(string workflow = "support-agent", string digest = "sha256:r1", IGateStore? store = null)
    {
        await using var tx = await (store ?? Store).BeginAsync();
        if (await tx.GetWorkflowAsync(workflow) is null)
        {
            await tx.UpsertWorkflowAsync(workflow, "high");
            await tx.AddGateVersionAsync(workflow, "sha256:g1", "apiVersion: releasegate/v1\nkind: Gate\n", "alice");
        }

        var release = await tx.AddReleaseAsync(new NewRelease(workflow, "2026.11." + digest["sha256:".Length..], digest, "kind: Release\n", "bob", "sha256:g1"));
        await tx.AppendLedgerAsync(new NewLedgerEntry("bob", "release.submitted", $"release:{release.Id}", new JsonObject { ["digest"] = digest }));
        await tx.CommitAsync();
        return release;
    }

    protected static async IAsyncEnumerable<EvidenceLine> Lines(int count, int failAt = -1)
    {
        for (var i = 1; i <= count; i++)
        {
            if (i == failAt)
            {
                throw new InvalidDataException($"line {i} is broken");
            }

            var pass = i % 7 != 0;
            yield return new EvidenceLine(
                i, "support-core", $"case-{i % 500:D4}", i / 500, i % 2 == 0 ? "candidate" : "baseline", i % 11 == 0 ? null : pass,
                i % 11 == 0 ? "timeout" : null, pass ? 1.0 : 0.0, 100 + i, i % 3 == 0 ? null : 0.0004,
                $$"""{"suite":"support-core","case":"case-{{i % 500:D4}}","repeat":{{i / 500}},"pass":{{(pass ? "true" : "false")}},"output":"answer \"{{i}}\" é"}""");
            await Task.Yield();
        }
    }
}
