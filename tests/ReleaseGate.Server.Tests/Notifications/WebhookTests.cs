using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Notifications;
using ReleaseGate.Testing.Webhooks;

namespace ReleaseGate.Server.Tests.Notifications;

/// <summary>
/// Webhooks end to end against a real HTTP receiver on a loopback port: signed deliveries, retries and the dead letter, a receiver
/// that is down and comes back, the events of a real release flow, and a commit-status callback. The sender is driven by hand
/// (<see cref="WebhookDelivery.DeliverDueAsync"/>) so that each step is seen. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class WebhookTests
{
    private const string Secret = "whsec_test_0123456789abcdef";

    private protected abstract Task<string?> DatabaseAsync();

    private async Task<TestServer> StartAsync(Action<WebhookOptions>? webhooks = null) =>
        await TestServer.StartAsync(o => Configure(o, webhooks), await DatabaseAsync());

    private static void Configure(Options.ServerOptions o, Action<WebhookOptions>? webhooks)
    {
        o.Webhooks.Deliver = false;
        o.Webhooks.Timeout = TimeSpan.FromSeconds(2);
        o.Webhooks.LeaseDuration = TimeSpan.FromSeconds(10);
        o.Webhooks.BaseDelay = TimeSpan.FromMilliseconds(10);
        o.Webhooks.MaxDelay = TimeSpan.FromMilliseconds(50);
        o.PublicUrl = "https://gate.example.com";
        webhooks?.Invoke(o.Webhooks);
    }

    [DatabaseFact]
    public async Task Only_the_instance_holding_the_lease_delivers_and_another_takes_over_when_it_lapses()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var first = await StartAsync(w => w.LeaseDuration = TimeSpan.FromSeconds(4));
        await using var second = await TestServer.JoinAsync(first, configure: o => Configure(o, w => w.LeaseDuration = TimeSpan.FromSeconds(4)));
        using var admin = first.Client(first.AdminToken);
        var hook = await AddAsync(admin, receiver.Url, new[] { "ping" });

        await admin.PostJsonAsync($"api/v1/webhooks/{hook}/test", new { });
        Assert.Equal(1, await Sender(first).DeliverDueAsync(CancellationToken.None));
        await admin.PostJsonAsync($"api/v1/webhooks/{hook}/test", new { });
        Assert.Equal(0, await Sender(second).DeliverDueAsync(CancellationToken.None));
        Assert.Single(receiver.Received);

        // The first stops renewing (as a crashed instance would); once its lease lapses the second delivers.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Assert.Equal(1, await Sender(second).DeliverDueAsync(CancellationToken.None));
        Assert.Equal(0, await Sender(first).DeliverDueAsync(CancellationToken.None));
        Assert.Equal(2, receiver.Received.Select(r => r.EventId).Distinct().Count());
    }

    private static WebhookDelivery Sender(TestServer server) => server.App.Services.GetRequiredService<WebhookDelivery>();

    /// <summary>Runs the sender until <paramref name="done"/> holds, as its loop would.</summary>
    private static async Task DeliverUntilAsync(TestServer server, Func<Task<bool>> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the deliveries did not settle");
            await Sender(server).DeliverDueAsync(CancellationToken.None);
            await Task.Delay(20);
        }
    }

    private static async Task<long> AddAsync(HttpClient admin, string url, object events, string? format = null, string? workflow = null)
    {
        var (status, body) = await admin.PostJsonAsync("api/v1/webhooks", new { url, events, format, workflow, secret = Secret });
        Assert.True(status == 201, $"{status} {body}");
        Assert.Equal(Secret, (string?)body!["secret"]);
        return (long)body["webhook"]!["id"]!;
    }

    private static async Task<JsonArray> DeliveriesAsync(HttpClient admin, string query)
    {
        var (status, body) = await admin.GetJsonAsync("api/v1/webhook-deliveries" + query);
        Assert.Equal(200, status);
        return body!.AsArray();
    }

    [DatabaseFact]
    public async Task A_delivery_is_signed_with_the_secret_and_a_tampered_body_does_not_verify()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var server = await StartAsync();
        using var admin = server.Client(server.AdminToken);
        var hook = await AddAsync(admin, receiver.Url, new[] { "*" });

        var (status, test) = await admin.PostJsonAsync($"api/v1/webhooks/{hook}/test", new { });
        Assert.Equal(200, status);
        Assert.Equal(1, await Sender(server).DeliverDueAsync(CancellationToken.None));

        var got = Assert.Single(receiver.Received);
        Assert.Equal((string?)test!["event_id"], got.EventId);
        Assert.Equal("ping", got.EventType);
        Assert.StartsWith("application/cloudevents+json", got.ContentType, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(Secret, got.Signature, got.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(got.Body).Replace("ping", "pong", StringComparison.Ordinal));
        Assert.False(WebhookSignature.Verify(Secret, got.Signature, tampered, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify("whsec_another_secret_entirely", got.Signature, got.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance));

        var e = got.Json;
        Assert.Equal("1.0", (string?)e["specversion"]);
        Assert.Equal("dev.releasegate.ping", (string?)e["type"]);
        Assert.Equal(7, Guid.Parse((string)e["id"]!).Version);

        // The secret is shown once: never listed.
        var (_, listed) = await admin.GetJsonAsync("api/v1/webhooks");
        Assert.DoesNotContain(Secret, listed!.ToJsonString(), StringComparison.Ordinal);
        var (_, delivery) = await admin.GetJsonAsync($"api/v1/webhooks/{hook}/deliveries");
        Assert.Equal("delivered", (string?)delivery![0]!["state"]);
        Assert.Equal(200, (int)delivery[0]!["last_status"]!);
    }

    [DatabaseFact]
    public async Task A_receiver_answering_500_is_retried_with_backoff_then_dead_lettered_and_the_replay_delivers()
    {
        await using var receiver = WebhookReceiver.Start();
        receiver.Answer = _ => 500;
        await using var server = await StartAsync(w => w.MaxAttempts = 3);
        using var admin = server.Client(server.AdminToken);
        var hook = await AddAsync(admin, receiver.Url, new[] { "ping" });
        var (_, test) = await admin.PostJsonAsync($"api/v1/webhooks/{hook}/test", new { });
        var id = (long)test!["delivery_id"]!;

        await DeliverUntilAsync(server, async () => (await DeliveriesAsync(admin, "?state=dead")).Count == 1);
        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.Equal((string?)test["event_id"], r.EventId));
        var dead = (await DeliveriesAsync(admin, "?state=dead")).Single()!;
        Assert.Equal(id, (long)dead["id"]!);
        Assert.Equal(3, (int)dead["attempts"]!);
        Assert.Equal(500, (int)dead["last_status"]!);
        Assert.Equal(0, await Sender(server).DeliverDueAsync(CancellationToken.None));

        receiver.Answer = _ => 204;
        var (status, replayed) = await admin.PostJsonAsync($"api/v1/webhook-deliveries/{id}/replay", new { });
        Assert.True(status == 200, $"{status} {replayed}");
        Assert.Equal("pending", (string?)replayed!["state"]);
        (status, var again) = await admin.PostJsonAsync($"api/v1/webhook-deliveries/{id}/replay", new { });
        Assert.Equal(409, status);
        Assert.Equal("RG1685", Http.Code(again));

        await DeliverUntilAsync(server, async () => (await DeliveriesAsync(admin, "?state=delivered")).Count == 1);
        Assert.Equal(4, receiver.Received.Count);
        Assert.Empty(await DeliveriesAsync(admin, "?state=dead"));
        var (_, ledger) = await admin.GetJsonAsync("api/v1/ledger?subject=webhooks");
        Assert.Contains("webhook.delivery_replayed", ledger!.ToJsonString(), StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_receiver_that_is_down_and_comes_back_gets_every_event_none_missing()
    {
        var receiver = new WebhookReceiver();
        await using var server = await StartAsync(w => w.MaxAttempts = 100);
        using var admin = server.Client(server.AdminToken);
        var hook = await AddAsync(admin, receiver.Url, new[] { "*" });
        var sent = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var (_, test) = await admin.PostJsonAsync($"api/v1/webhooks/{hook}/test", new { });
            sent.Add((string)test!["event_id"]!);
        }

        // Down: every attempt is refused, and each delivery waits for its next.
        for (var i = 0; i < 3; i++)
        {
            await Sender(server).DeliverDueAsync(CancellationToken.None);
            await Task.Delay(60);
        }

        Assert.Empty(await DeliveriesAsync(admin, "?state=delivered"));
        Assert.All(await DeliveriesAsync(admin, "?state=pending"), d => Assert.True((int)d!["attempts"]! >= 1));

        // Up, and half the answers are lost on the way back: the receiver deduplicates by event id.
        var answered = 0;
        receiver.Answer = _ => Interlocked.Increment(ref answered) % 2 == 0 ? 500 : 200;
        receiver.Up();
        await using (receiver)
        {
            await DeliverUntilAsync(server, async () => (await DeliveriesAsync(admin, "?state=delivered")).Count == sent.Count);
            var distinct = receiver.Received.Select(r => r.EventId!).ToHashSet();
            Assert.Equal(sent.ToHashSet(), distinct);
            Assert.All(receiver.Received, r => Assert.True(WebhookSignature.Verify(Secret, r.Signature, r.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance)));
        }
    }

    [DatabaseFact]
    public async Task A_release_flow_sends_decision_changed_approval_needed_and_release_shipped()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var server = await StartAsync();
        using var ci = server.Client(await server.UserAsync("ci", [], "submit", "review"));
        using var lena = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        using var gus = server.Client(await server.UserAsync("gus", ["governance"], "approve"));
        Assert.Equal(200, (int)(await server.RegisterGateAsync(Samples.Gate(governanceCount: 1))).StatusCode);
        using var admin = server.Client(server.AdminToken);
        await AddAsync(admin, receiver.Url, new[] { "decision.changed", "release.shipped", "approval.needed" }, workflow: "demo");
        await AddAsync(admin, receiver.Url, new[] { "decision.changed" });

        var id = await ci.SubmitAsync(Samples.Manifest());
        await ci.EvidenceAsync(id, Samples.Results(9).Replace("}\n", ",\"output\":\"model output that must stay private\"}\n", StringComparison.Ordinal));
        var (status, body) = await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" });
        Assert.True(status == 200, $"{status} {body}");
        (status, body) = await gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "ok" });
        Assert.True(status == 200, $"{status} {body}");
        (status, body) = await ci.PostJsonAsync($"api/v1/releases/{id}/ship", new { });
        Assert.True(status == 200, $"{status} {body}");

        await DeliverUntilAsync(server, async () => (await DeliveriesAsync(admin, "?state=pending")).Count == 0);
        Assert.All(receiver.Received, r => Assert.DoesNotContain("model output", Encoding.UTF8.GetString(r.Body), StringComparison.Ordinal));

        // The order the events were written in is the order of their deliveries' ids; the receiver deduplicates by event id.
        var order = (await DeliveriesAsync(admin, "?limit=1000")).GroupBy(d => (string)d!["event_id"]!).ToDictionary(g => g.Key, g => g.Min(d => (long)d!["id"]!));
        var events = receiver.Received.DistinctBy(r => r.EventId).Select(r => r.Json).OrderBy(e => order[(string)e["id"]!]).ToList();
        Assert.Equal(2, receiver.Received.Count(r => r.EventId == (string?)events[0]["id"]));
        var changed = events.Where(e => (string?)e["type"] == "dev.releasegate.decision.changed").Select(e => e["data"]!).ToList();
        Assert.Equal(["blocked", "pending", "pending", "approved", "shipped"], changed.Select(d => (string)d["verdict"]!).ToArray());
        Assert.All(changed, d =>
        {
            Assert.Equal("demo", (string?)d["workflow"]);
            Assert.Equal(id, (long)d["release_id"]!);
            Assert.Equal("1.0.0", (string?)d["version"]);
            Assert.StartsWith("sha256:", (string?)d["digest"], StringComparison.Ordinal);
            Assert.Equal($"/releases/{id}", (string?)d["link"]);
        });
        Assert.Null(changed[0]["previous"]);
        Assert.Equal("blocked", (string?)changed[1]["previous"]);
        Assert.Contains("approvals/product", changed[1]["pending"]!.AsArray().Select(p => (string?)p));

        var needed = events.Where(e => (string?)e["type"] == "dev.releasegate.approval.needed").Select(e => e["data"]!).ToList();
        Assert.NotEmpty(needed);
        Assert.Contains(needed[0]["stages"]!.AsArray(), s => (string?)s!["stage"] == "product" && (string?)s["group"] == "leads");
        var shipped = Assert.Single(events, e => (string?)e["type"] == "dev.releasegate.release.shipped");
        Assert.Equal("shipped", (string?)shipped["data"]!["verdict"]);
        Assert.Equal($"releases/{id}", (string?)shipped["subject"]);
        Assert.Equal("/releasegate/workflows/demo", (string?)shipped["source"]);
    }

    [DatabaseFact]
    public async Task A_commit_status_callback_reports_the_release_and_only_its_submitter_or_an_admin_may_add_one()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var server = await StartAsync();
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var other = server.Client(await server.UserAsync("other-ci", [], "submit"));
        Assert.Equal(200, (int)(await server.RegisterGateAsync(Samples.Gate())).StatusCode);
        var id = await ci.SubmitAsync(Samples.Manifest());
        var unrelated = await ci.SubmitAsync(Samples.Manifest("2.0.0"));

        var (status, body) = await other.PostJsonAsync($"api/v1/releases/{id}/callbacks", new { url = receiver.Url });
        Assert.Equal(403, status);
        (status, body) = await ci.PostJsonAsync($"api/v1/releases/{id}/callbacks", new { url = "ftp://ci.example.com/hook" });
        Assert.Equal("RG1680", Http.Code(body));
        (status, body) = await ci.PostJsonAsync($"api/v1/releases/{id}/callbacks", new { url = receiver.Url, secret = Secret });
        Assert.Equal(201, status);
        Assert.Equal("commit-status", (string?)body!["webhook"]!["format"]);
        Assert.Equal(id, (long)body["webhook"]!["release_id"]!);

        await ci.EvidenceAsync(id, Samples.Results(9));
        await ci.EvidenceAsync(unrelated, Samples.Results(2));
        await DeliverUntilAsync(server, () => Task.FromResult(receiver.Received.Count >= 1));
        await Task.Delay(100);
        await Sender(server).DeliverDueAsync(CancellationToken.None);

        var got = Assert.Single(receiver.Received);
        Assert.True(WebhookSignature.Verify(Secret, got.Signature, got.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance));
        var statusBody = got.Json;
        Assert.Equal("pending", (string?)statusBody["state"]);
        Assert.Equal("releasegate/demo", (string?)statusBody["context"]);
        Assert.Equal($"https://gate.example.com/releases/{id}", (string?)statusBody["target_url"]);
        Assert.Equal(id, (long)statusBody["release"]!);
        Assert.Equal(got.EventId, (string?)statusBody["event_id"]);
        Assert.True(((string)statusBody["description"]!).Length <= 140);

        // A release takes a handful of callbacks, not an unbounded number.
        for (var i = 1; i < WebhooksApi.MaxCallbacksPerRelease; i++)
        {
            Assert.Equal(201, (await ci.PostJsonAsync($"api/v1/releases/{unrelated}/callbacks", new { url = receiver.Url })).Status);
        }

        Assert.Equal(201, (await ci.PostJsonAsync($"api/v1/releases/{unrelated}/callbacks", new { url = receiver.Url })).Status);
        (status, body) = await ci.PostJsonAsync($"api/v1/releases/{unrelated}/callbacks", new { url = receiver.Url });
        Assert.Equal(409, status);
        Assert.Equal("RG1687", Http.Code(body));
    }

    [Theory]
    [InlineData("169.254.169.254", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("192.168.0.10", true)]
    [InlineData("93.184.216.34", true)]
    public void The_sender_refuses_link_local_unspecified_broadcast_and_multicast_addresses(string address, bool allowed) =>
        Assert.Equal(allowed, WebhookAddresses.Allowed(System.Net.IPAddress.Parse(address)));

    [DatabaseFact]
    public async Task Subscriptions_are_checked_disabled_for_good_and_recorded_in_the_ledger()
    {
        await using var server = await StartAsync();
        using var admin = server.Client(server.AdminToken);
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));

        var (status, body) = await ci.PostJsonAsync("api/v1/webhooks", new { url = "https://hooks.example.com/rg", events = new[] { "*" } });
        Assert.Equal(403, status);
        (_, body) = await admin.PostJsonAsync("api/v1/webhooks", new { url = "https://user:pw@hooks.example.com/rg", events = new[] { "*" } });
        Assert.Equal("RG1680", Http.Code(body));
        (_, body) = await admin.PostJsonAsync("api/v1/webhooks", new { url = "https://hooks.example.com/rg", events = new[] { "decision.change" } });
        Assert.Equal("RG1681", Http.Code(body));
        (_, body) = await admin.PostJsonAsync("api/v1/webhooks", new { url = "https://hooks.example.com/rg", events = new[] { "*" }, format = "xml" });
        Assert.Equal("RG1681", Http.Code(body));
        (_, body) = await admin.PostJsonAsync("api/v1/webhooks", new { url = "https://hooks.example.com/rg", events = new[] { "*" }, secret = "short" });
        Assert.Equal("RG1686", Http.Code(body));
        (status, body) = await admin.PostJsonAsync("api/v1/webhooks", new { url = "https://hooks.example.com/rg", events = new[] { "*" }, workflow = "nope" });
        Assert.Equal(404, status);

        (status, body) = await admin.PostJsonAsync("api/v1/webhooks", new { url = "https://hooks.example.com/rg", events = new[] { "*" }, format = "slack" });
        Assert.Equal(201, status);
        var generated = (string)body!["secret"]!;
        Assert.True(generated.Length >= 32);
        var id = (long)body["webhook"]!["id"]!;
        (status, body) = await admin.PostJsonAsync($"api/v1/webhooks/{id}/disable", new { });
        Assert.Equal(200, status);
        Assert.NotNull(body!["disabled_at"]);
        (status, body) = await admin.PostJsonAsync($"api/v1/webhooks/{id}/disable", new { });
        Assert.Equal("RG1684", Http.Code(body));
        (_, body) = await admin.PostJsonAsync($"api/v1/webhooks/{id}/test", new { });
        Assert.Equal("RG1684", Http.Code(body));
        (_, body) = await admin.PostJsonAsync("api/v1/webhooks/999999/test", new { });
        Assert.Equal("RG1682", Http.Code(body));
        (_, body) = await admin.PostJsonAsync("api/v1/webhook-deliveries/999999/replay", new { });
        Assert.Equal("RG1683", Http.Code(body));
        (_, body) = await admin.GetJsonAsync("api/v1/webhook-deliveries?state=lost");
        Assert.Equal("RG1601", Http.Code(body));

        var (_, active) = await admin.GetJsonAsync("api/v1/webhooks");
        Assert.Empty(active!.AsArray());
        var (_, all) = await admin.GetJsonAsync("api/v1/webhooks?all=true");
        Assert.Single(all!.AsArray());
        var (_, ledger) = await admin.GetJsonAsync("api/v1/ledger?subject=webhooks");
        var types = ledger!.AsArray().Select(e => (string?)e!["type"]).ToList();
        Assert.Contains("webhook.added", types);
        Assert.Contains("webhook.disabled", types);
        Assert.DoesNotContain(generated, ledger.ToJsonString(), StringComparison.Ordinal);
    }
}

public sealed class SqliteWebhookTests : WebhookTests
{
    private protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresWebhookTests : WebhookTests
{
    private protected override async Task<string?> DatabaseAsync() => await ServerDatabase.CreatePostgresAsync();
}
