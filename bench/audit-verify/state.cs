// Measures audit verify's state check (IGateStore.VerifyStateAsync) on a ledger dense with state: COUNT releases, each with its
// release.submitted entry, a decision and its decision.changed entry, and an approval and its approval.given entry, written through
// the store as the server writes them; then three timed checks.
//
//     dotnet run bench/audit-verify/state.cs -- DATABASE COUNT      # a fresh SQLite file or PostgreSQL database
#:project ../../src/ReleaseGate.Storage/ReleaseGate.Storage.csproj
#:property GenerateDocumentationFile=true
#:property PublishAot=false
#:property NoWarn=CS1591
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Storage;

var db = args[0];
var n = int.Parse(args[1]);
await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = db }))
{
    await using var tx = await store.BeginAsync();
    await tx.UpsertWorkflowAsync("w", "high");
    for (var i = 0; i < n; i++)
    {
        var r = await tx.AddReleaseAsync(new NewRelease("w", $"1.0.{i}", $"sha256:r{i}", "kind: Release\n", "bob", "sha256:g"));
        var subject = $"release/w/{r.Id}";
        await tx.AppendLedgerAsync(new NewLedgerEntry("bob", LedgerEvents.ReleaseSubmitted, subject, new JsonObject { ["version"] = r.Version, ["release"] = r.Digest, ["gate"] = "sha256:g" }));
        var json = $"{{\"verdict\":\"pending\",\"n\":{i}}}";
        await tx.AddDecisionAsync(new NewDecision(r.Id, "pending", "sha256:g", r.Digest, "sha256:e", null, json, "bob"));
        await tx.AppendLedgerAsync(new NewLedgerEntry("bob", LedgerEvents.DecisionChanged, subject, new JsonObject { ["verdict"] = "pending", ["gate"] = "sha256:g", ["release"] = r.Digest, ["evidence"] = "sha256:e", ["baseline"] = null, ["decision"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))) }));
        var a = await tx.AddApprovalAsync(new NewApproval(r.Id, "product", "carol", r.Digest, "sha256:e", "sha256:g", "sha256:s", ApprovalVerdict.Approve, "ok"));
        await tx.AppendLedgerAsync(new NewLedgerEntry("carol", LedgerEvents.ApprovalGiven, subject, new JsonObject { ["approval"] = a.Id, ["stage"] = "product", ["release"] = r.Digest, ["evidence"] = "sha256:e", ["gate"] = "sha256:g", ["stage_definition"] = "sha256:s", ["comment"] = "ok" }));
    }
    await tx.CommitAsync();
}
await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = db, Migrate = false }))
{
    for (var k = 0; k < 3; k++)
    {
        var w = Stopwatch.StartNew();
        var s = await store.VerifyStateAsync();
        Console.WriteLine($"{s.EntriesRead} entries, {s.RowsChecked} rows, consistent {s.IsConsistent}: {w.Elapsed.TotalSeconds:F2} s, {s.EntriesRead / w.Elapsed.TotalSeconds:N0} entries/s, managed memory {GC.GetTotalMemory(false) / 1048576} MiB");
    }
}
