// The cost the webhook outbox adds to the transaction that changes a decision. Each timed transaction is what the server
// writes when a release's decision changes (a decision row and its decision.changed ledger entry), and then, as the server
// now does, the decision.changed event put in the outbox (Notifications.EnqueueAsync) in the same transaction:
//   none     the transaction without the outbox (the floor);
//   0 subs   the event of a workflow no subscription matches (three subscriptions of another workflow exist);
//   3 subs   the event of a workflow three active subscriptions match: three deliveries written.
// The three kinds are interleaved, so that drift (the ledger growing, caches, the disk) falls on each alike. Reports the
// median and p99 of each, and what the outbox adds to the median and the p99.
//
//     dotnet run -c Release bench/outbox/outbox.cs -- DATABASE [N=2000]     # a fresh SQLite file or PostgreSQL database
#:project ../../src/ReleaseGate.Server/ReleaseGate.Server.csproj
#:property GenerateDocumentationFile=true
#:property PublishAot=false
#:property NoWarn=CS1591
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Server.Notifications;
using ReleaseGate.Storage;
using Outbox = ReleaseGate.Server.Notifications.Notifications;

var db = args[0];
var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
await using var store = await GateStore.OpenAsync(new GateStoreOptions { Database = db });
var releases = new Dictionary<string, ReleaseRecord>();
await using (var tx = await store.BeginAsync())
{
    foreach (var w in new[] { "quiet", "watched" })
    {
        await tx.UpsertWorkflowAsync(w, "high");
        releases[w] = await tx.AddReleaseAsync(new NewRelease(w, "1.0.0", $"sha256:{w}", "kind: Release\n", "ci", "sha256:g"));
    }

    for (var i = 0; i < 3; i++)
    {
        await tx.AddWebhookAsync(new NewWebhook("watched", null, $"https://hooks{i}.example.com/rg", [WebhookEvents.DecisionChanged, WebhookEvents.ReleaseShipped],
            "cloudevents", "whsec_0123456789abcdef0123456789abcdef", "admin"));
    }

    await tx.CommitAsync();
}

var kinds = new[] { "none", "0 subs", "3 subs" };
var times = kinds.ToDictionary(k => k, _ => new List<double>(n));
for (var i = -50; i < n; i++)
{
    foreach (var kind in kinds)
    {
        var release = releases[kind == "3 subs" ? "watched" : "quiet"];
        var started = Stopwatch.GetTimestamp();
        await using (var tx = await store.BeginAsync())
        {
            var json = $"{{\"verdict\":\"pending\",\"n\":{i}}}";
            await tx.AddDecisionAsync(new NewDecision(release.Id, "pending", "sha256:g", release.Digest, "sha256:e", null, json, "ci"));
            var data = new JsonObject
            {
                ["workflow"] = release.Workflow, ["release_id"] = release.Id, ["version"] = release.Version, ["digest"] = release.Digest,
                ["verdict"] = "pending", ["previous"] = "blocked", ["reason"] = "new evidence", ["link"] = $"/api/v1/releases/{release.Id}",
                ["failing"] = new JsonArray(), ["pending"] = new JsonArray("approvals/product"),
            };
            await tx.AppendLedgerAsync(new NewLedgerEntry("ci", LedgerEvents.DecisionChanged, $"release/{release.Workflow}/{release.Id}", (JsonObject)data.DeepClone()));
            if (kind != "none")
            {
                await Outbox.EnqueueAsync(tx, WebhookEvents.DecisionChanged, release.Workflow, release.Id, $"releases/{release.Id}", data, store.Clock.GetUtcNow(), CancellationToken.None);
            }

            await tx.CommitAsync();
        }

        if (i >= 0)
        {
            times[kind].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

var counts = await store.CountDeliveriesAsync();
var pending = counts.GetValueOrDefault(DeliveryState.Pending);
if (pending != 3L * (n + 50))
{
    Console.Error.WriteLine($"expected {3 * (n + 50)} pending deliveries, found {pending}");
    return 1;
}

double Quantile(List<double> v, double q)
{
    var sorted = v.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];
}

Console.WriteLine($"{(GateStore.IsPostgres(db) ? "PostgreSQL" : "SQLite")}, {n} transactions of each kind (after 50 of warm-up); {pending} deliveries written");
foreach (var kind in kinds)
{
    var median = Quantile(times[kind], 0.5);
    var p99 = Quantile(times[kind], 0.99);
    var added = kind == "none" ? "" : $"   outbox adds {median - Quantile(times["none"], 0.5):F3} ms to the median, {p99 - Quantile(times["none"], 0.99):F3} ms to the p99";
    Console.WriteLine($"  {kind,-7} median {median:F3} ms   p99 {p99:F3} ms{added}");
}

return 0;
