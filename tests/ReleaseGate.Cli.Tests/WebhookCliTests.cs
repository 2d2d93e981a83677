using System.Text.Json.Nodes;
using ReleaseGate.Server.Notifications;
using ReleaseGate.Testing.Webhooks;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// Webhooks through the command line against real <c>releasegate serve</c> processes: subscriptions, a commit-status callback
/// from <c>submit --callback</c>, and the outbox surviving a server killed with SIGKILL while its receiver is down.
/// </summary>
public class WebhookCliTests
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: high
        evals:
          - suite: core
            min_pass_rate: 0.8
        approvals:
          - { stage: product, group: leads, count: 1 }
        """;

    // Quick retries and a short lease, so that a restarted server takes over within seconds.
    private static readonly Dictionary<string, string> Fast = new()
    {
        ["ReleaseGate__Webhooks__PollInterval"] = "00:00:00.100",
        ["ReleaseGate__Webhooks__Timeout"] = "00:00:01",
        ["ReleaseGate__Webhooks__LeaseDuration"] = "00:00:02",
        ["ReleaseGate__Webhooks__BaseDelay"] = "00:00:00.050",
        ["ReleaseGate__Webhooks__MaxDelay"] = "00:00:00.300",
        ["ReleaseGate__Webhooks__MaxAttempts"] = "100",
    };

    [Fact]
    public async Task A_server_killed_with_SIGKILL_while_its_receiver_is_down_delivers_every_event_after_a_restart()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        var receiver = new WebhookReceiver();
        var server = await ServerProcess.StartAsync(db, folder.Path, Fast);
        string[] As(string token, params string[] args) => [.. args, "--server", server.Url, "--token", token];
        CliProcess.Run(folder.Path, null, As(admin, "group", "add", "leads"));
        CliProcess.Run(folder.Path, null, As(admin, "user", "add", "sam", "--group", "leads"));
        var sam = CliProcess.Run(folder.Path, null, As(admin, "token", "create", "--user", "sam", "--scope", "submit")).Stdout.Trim();
        folder.Write("gate.yaml", Gate);
        Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "workflow", "register", "--gate", "gate.yaml")).ExitCode);

        var added = CliProcess.Run(folder.Path, null, As(admin, "webhook", "add", "--url", receiver.Url, "--events", "*"));
        Assert.True(added.ExitCode == 0, added.Stderr);
        var secret = added.Stdout.Trim();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var refused = CliProcess.Run(folder.Path, null, As(admin, "webhook", "add", "--url", "ftp://example.com/x", "--events", "*"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("RG1680", refused.Stderr, StringComparison.Ordinal);

        folder.Write("a.yaml", "apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"1.0.0\"\ncomponents:\n  model: m1\n");
        folder.Write("good.jsonl", string.Concat(Enumerable.Range(0, 10).Select(i => $$"""{"suite":"core","case":"c{{i}}","pass":true}""" + "\n")));
        var badCallback = CliProcess.Run(folder.Path, null, As(sam, "submit", "--release", "a.yaml", "--results", "good.jsonl", "--callback", "not a url"));
        Assert.Equal(2, badCallback.ExitCode);
        Assert.Contains("RG1310", badCallback.Stderr, StringComparison.Ordinal);
        var submitted = CliProcess.Run(folder.Path, null, As(sam, "submit", "--release", "a.yaml", "--results", "good.jsonl", "--callback", receiver.Url));
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        Assert.Contains("callback webhook 2", submitted.Stderr, StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, CliProcess.Run(folder.Path, null, As(admin, "webhook", "test", "1")).ExitCode);
        }

        // The receiver is down: the server tries, fails and waits, and is then killed outright.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonArray pending;
        do
        {
            await Task.Delay(200);
            pending = JsonNode.Parse(CliProcess.Run(folder.Path, null, As(admin, "webhook", "deliveries", "--format", "json")).Stdout)!.AsArray();
            Assert.True(DateTime.UtcNow < deadline, "no delivery was attempted");
        }
        while (!pending.Any(d => (int)d!["attempts"]! > 0));
        Assert.All(pending, d => Assert.Equal("pending", (string?)d!["state"]));
        var events = pending.Select(d => (string)d!["event_id"]!).ToHashSet();
        Assert.Contains(pending, d => (string?)d!["type"] == "decision.changed" && (long)d["webhook_id"]! == 2);
        // Process.Kill is SIGKILL on Unix: no shutdown runs, the lease is not released, the claims are left as they were.
        var pid = server.Pid;
        server.Dispose();
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));

        receiver.Up();
        await using (receiver)
        {
            using var restarted = await ServerProcess.StartAsync(db, folder.Path, Fast);
            await receiver.WaitForAsync(got => events.IsSubsetOf(got.Select(r => r.EventId!)));
            Assert.All(receiver.Received.Where(r => r.EventType == "ping"),
                r => Assert.True(WebhookSignature.Verify(secret, r.Signature, r.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance)));
            var status = receiver.Received.First(r => r.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true).Json;
            Assert.Equal("releasegate/demo", (string?)status["context"]);
            Assert.Equal("pending", (string?)status["state"]);

            string[] Again(params string[] args) => [.. args, "--server", restarted.Url, "--token", admin];
            var dead = CliProcess.Run(folder.Path, null, Again("webhook", "deliveries", "--state", "dead"));
            Assert.Equal(0, dead.ExitCode);
            Assert.Single(dead.Stdout.Trim().Split('\n'));   // the header alone
            var list = CliProcess.Run(folder.Path, null, Again("webhook", "list"));
            Assert.Contains("commit-status", list.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, list.Stdout, StringComparison.Ordinal);

            var delivered = JsonNode.Parse(CliProcess.Run(folder.Path, null, Again("webhook", "deliveries", "1", "--state", "delivered", "--format", "json")).Stdout)!.AsArray();
            Assert.True(delivered.Count >= 3, delivered.ToJsonString());
            var replay = CliProcess.Run(folder.Path, null, Again("webhook", "replay", ((long)delivered[0]!["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(replay.ExitCode == 0, replay.Stderr);
            Assert.Contains("is pending again", replay.Stdout, StringComparison.Ordinal);
            var disabled = CliProcess.Run(folder.Path, null, Again("webhook", "disable", "1"));
            Assert.True(disabled.ExitCode == 0, disabled.Stderr);
            var test = CliProcess.Run(folder.Path, null, Again("webhook", "test", "1"));
            Assert.Equal(2, test.ExitCode);
            Assert.Contains("RG1684", test.Stderr, StringComparison.Ordinal);
        }
    }
}
