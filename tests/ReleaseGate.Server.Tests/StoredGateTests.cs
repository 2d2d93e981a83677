using ReleaseGate.Core.Gates;
using ReleaseGate.Server.Lifecycle;

namespace ReleaseGate.Server.Tests;

/// <summary>
/// Gate versions stored before the CLI and the server shared one gate loader keep their digest: releases decided under
/// them still decide, and votes given under them still count after the same gate is registered again. Run on SQLite and
/// on PostgreSQL.
/// </summary>
public abstract class StoredGateTests
{
    /// <summary>The database for a new server: null for a SQLite file of its own.</summary>
    private protected abstract Task<string?> DatabaseAsync();

    [DatabaseFact]
    public async Task A_gate_stored_with_a_file_it_does_not_name_keeps_its_digest_and_its_votes_when_registered_again()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var submitter = server.Client(await server.UserAsync("ci", [], "submit"));
        using var lena = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        var gate = Samples.Gate();

        // The server used to store every uploaded part and digest them all; the loader now keeps only the files the gate names.
        var old = new GateBundle("gate.yaml", new Dictionary<string, string>(StringComparer.Ordinal) { ["gate.yaml"] = gate, ["notes.md"] = "not named by the gate\n" });
        await using (var tx = await server.Store.BeginAsync())
        {
            await tx.UpsertWorkflowAsync("demo", "high");
            await GateBundleStore.SaveAsync(tx, "demo", old, "admin", CancellationToken.None);
            await tx.CommitAsync();
        }

        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(10));
        var (status, voted) = await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" });
        Assert.Equal(200, status);
        Assert.Equal(old.Digest, voted!["decision"]!["gate"]!["digest"]!.GetValue<string>());
        Assert.Equal(old.Digest, (await submitter.GetJsonAsync("api/v1/workflows/demo")).Body!["gate_digest"]!.GetValue<string>());

        // The same gate registered now has the digest check reports for it; the product vote still counts.
        var registered = await server.RegisterGateAsync(gate);
        Assert.Equal(200, (int)registered.StatusCode);
        var (_, release) = await submitter.GetJsonAsync($"api/v1/releases/{id}");
        var decision = release!["decision"]!;
        Assert.Equal(GateDigestOf(gate), decision["gate"]!["digest"]!.GetValue<string>());
        var product = decision["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "approvals/product")!;
        Assert.Equal("pass", product["status"]!.GetValue<string>());
    }

    private static string GateDigestOf(string text) => GateDigest.OfText(text);
}

/// <summary>Stored gates on the embedded SQLite store.</summary>
public sealed class SqliteStoredGateTests : StoredGateTests
{
    private protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}

/// <summary>Stored gates on PostgreSQL.</summary>
public sealed class PostgresStoredGateTests : StoredGateTests
{
    private protected override async Task<string?> DatabaseAsync() => await ServerDatabase.CreatePostgresAsync();
}
