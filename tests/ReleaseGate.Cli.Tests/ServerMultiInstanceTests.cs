using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// Two <c>releasegate serve</c> processes on one PostgreSQL database: approvals of the same stage arriving at both at once
/// yield exactly one transition, nothing lost and nothing counted twice (DESIGN §6); a token revoked or a member removed
/// through one is refused by the other within a second.
/// </summary>
public class ServerMultiInstanceTests
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
          - { stage: governance, group: governance, count: 2 }
        """;

    [ServerPostgresFact]
    public async Task Concurrent_approvals_on_two_instances_make_exactly_one_transition()
    {
        using var folder = new TempFolder();
        var db = await ServerPostgres.CreateDatabaseAsync();
        var bootstrap = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin");
        Assert.True(bootstrap.ExitCode == 0, bootstrap.Stderr);
        using var a = await ServerProcess.StartAsync(db, folder.Path);
        using var b = await ServerProcess.StartAsync(db, folder.Path);
        using var admin = Client(a.Url, bootstrap.Stdout.Trim());
        await Post(admin, "api/v1/groups", new { name = "governance" });
        var ci = await UserAsync(admin, "ci", [], "submit");
        var gus = await UserAsync(admin, "gus", ["governance"], "approve");
        var gia = await UserAsync(admin, "gia", ["governance"], "approve");
        Assert.True((await admin.PutAsync("api/v1/workflows/demo", new StringContent(Gate, Encoding.UTF8, "application/yaml"))).IsSuccessStatusCode);
        using var submitter = Client(b.Url, ci);
        using var gusOnA = Client(a.Url, gus);
        using var giaOnB = Client(b.Url, gia);
        using var gusOnB = Client(b.Url, gus);

        for (var round = 0; round < 6; round++)
        {
            var id = await SubmitAsync(submitter, $"1.0.{round}");

            // Two different approvers, one on each instance, at the same moment: the second completes the stage.
            var both = await Task.WhenAll(
                Post(gusOnA, $"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "a" }),
                Post(giaOnB, $"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "b" }));
            Assert.All(both, r => Assert.Equal(200, r.Status));

            var history = (await Get(submitter, $"api/v1/releases/{id}/decisions")).AsArray().Select(d => d!["verdict"]!.GetValue<string>()).ToList();
            Assert.Equal(1, history.Count(v => v == "approved"));
            Assert.Equal("approved", history[^1]);
            var approvals = (await Get(submitter, $"api/v1/releases/{id}/approvals")).AsArray();
            Assert.Equal(2, approvals.Count);
            Assert.Equal(["gia", "gus"], approvals.Select(x => x!["actor"]!.GetValue<string>()).Order().ToArray());
            var decision = await Get(submitter, $"api/v1/releases/{id}/decision");
            Assert.Equal("approved", decision["verdict"]!.GetValue<string>());
        }

        for (var round = 0; round < 4; round++)
        {
            var id = await SubmitAsync(submitter, $"2.0.{round}");

            // The same person on both instances at once counts once: one approval is stored, the other is refused.
            var twice = await Task.WhenAll(
                Post(gusOnA, $"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "a" }),
                Post(gusOnB, $"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "b" }));
            Assert.Equal([200, 409], twice.Select(r => r.Status).Order().ToArray());
            Assert.Equal("RG1611", twice.Single(r => r.Status == 409).Body!["code"]!.GetValue<string>());
            Assert.Single((await Get(submitter, $"api/v1/releases/{id}/approvals")).AsArray());
            Assert.Equal("pending", (await Get(submitter, $"api/v1/releases/{id}/decision"))["verdict"]!.GetValue<string>());
        }

        var verify = await Get(submitter, "api/v1/ledger/verify");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
    }

    [ServerPostgresFact]
    public async Task Fifty_concurrent_approvals_from_fifty_people_on_two_instances_all_succeed()
    {
        using var folder = new TempFolder();
        var db = await ServerPostgres.CreateDatabaseAsync();
        var bootstrap = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin");
        Assert.True(bootstrap.ExitCode == 0, bootstrap.Stderr);
        using var a = await ServerProcess.StartAsync(db, folder.Path);
        using var b = await ServerProcess.StartAsync(db, folder.Path);
        using var admin = Client(a.Url, bootstrap.Stdout.Trim());
        await Post(admin, "api/v1/groups", new { name = "governance" });
        var ci = await UserAsync(admin, "ci", [], "submit");
        var people = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            people.Add(await UserAsync(admin, $"p{i:00}", ["governance"], "approve"));
        }

        var gate = Gate.Replace("count: 2", "count: 50", StringComparison.Ordinal);
        Assert.True((await admin.PutAsync("api/v1/workflows/demo", new StringContent(gate, Encoding.UTF8, "application/yaml"))).IsSuccessStatusCode);
        using var submitter = Client(b.Url, ci);
        var id = await SubmitAsync(submitter, "5.0.0");

        // Half the people vote on each instance, all at once: every valid vote must count, none refused for contention.
        var clients = people.Select((token, i) => Client(i % 2 == 0 ? a.Url : b.Url, token)).ToList();
        try
        {
            var votes = await Task.WhenAll(clients.Select((c, i) => Post(c, $"api/v1/releases/{id}/approvals", new { stage = "governance", comment = $"vote {i}" })));
            Assert.All(votes, v => Assert.True(v.Status == 200, v.Body?.ToJsonString()));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        var approvals = (await Get(submitter, $"api/v1/releases/{id}/approvals")).AsArray();
        Assert.Equal(50, approvals.Count);
        Assert.Equal(50, approvals.Select(x => x!["actor"]!.GetValue<string>()).Distinct().Count());
        var history = (await Get(submitter, $"api/v1/releases/{id}/decisions")).AsArray().Select(d => d!["verdict"]!.GetValue<string>()).ToList();
        Assert.Equal(1, history.Count(v => v == "approved"));
        Assert.Equal("approved", history[^1]);

        // The ledger records each vote exactly once.
        var given = new List<string>();
        long after = 0;
        while (true)
        {
            var page = (await Get(submitter, $"api/v1/ledger?after={after}&limit=1000")).AsArray();
            if (page.Count == 0)
            {
                break;
            }

            given.AddRange(page.Where(e => e!["type"]!.GetValue<string>() == "approval.given").Select(e => e!["actor"]!.GetValue<string>()));
            after = page[^1]!["seq"]!.GetValue<long>();
        }

        Assert.Equal(50, given.Count);
        Assert.Equal(50, given.Distinct().Count());
        var verify = await Get(submitter, "api/v1/ledger/verify");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
    }

    [ServerPostgresFact]
    public async Task A_token_revoked_and_a_member_removed_on_one_instance_are_refused_by_the_other_within_a_second()
    {
        using var folder = new TempFolder();
        var db = await ServerPostgres.CreateDatabaseAsync();
        var bootstrap = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin");
        Assert.True(bootstrap.ExitCode == 0, bootstrap.Stderr);
        using var a = await ServerProcess.StartAsync(db, folder.Path);
        using var b = await ServerProcess.StartAsync(db, folder.Path);
        using var admin = Client(a.Url, bootstrap.Stdout.Trim());
        await Post(admin, "api/v1/groups", new { name = "governance" });
        var ci = await UserAsync(admin, "ci", [], "submit", "review");
        var gus = await UserAsync(admin, "gus", ["governance"], "approve", "review");
        Assert.True((await admin.PutAsync("api/v1/workflows/demo", new StringContent(Gate, Encoding.UTF8, "application/yaml"))).IsSuccessStatusCode);
        using var ciOnB = Client(b.Url, ci);
        using var gusOnB = Client(b.Url, gus);
        var id = await SubmitAsync(ciOnB, "1.0.0");

        // B has verified both tokens, and cached them, before anything changes.
        Assert.Equal(["governance"], (await Get(gusOnB, "api/v1/me"))["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        await Get(ciOnB, "api/v1/me");

        using (var removed = await admin.DeleteAsync("api/v1/groups/governance/members/gus"))
        {
            Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());
        }

        var clock = Stopwatch.StartNew();
        while ((await Get(gusOnB, "api/v1/me"))["groups"]!.AsArray().Count > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "instance B still counts a membership removed on instance A after a second");
            await Task.Delay(20);
        }

        var vote = await Post(gusOnB, $"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "still here?" });
        Assert.Equal((403, "RG1609"), (vote.Status, vote.Body!["code"]!.GetValue<string>()));
        Assert.Empty((await Get(ciOnB, $"api/v1/releases/{id}/approvals")).AsArray());

        var tokens = (await Get(admin, "api/v1/tokens?user=ci")).AsArray();
        var revoke = await Post(admin, $"api/v1/tokens/{tokens.Single()!["id"]!.GetValue<long>()}/revoke", new { });
        Assert.Equal(200, revoke.Status);
        clock.Restart();
        while (true)
        {
            using var me = await ciOnB.GetAsync("api/v1/me");
            if ((int)me.StatusCode == 401)
            {
                break;
            }

            Assert.True(me.IsSuccessStatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "instance B still accepts a token revoked on instance A after a second");
            await Task.Delay(20);
        }

        using var submit = await ciOnB.PostAsync("api/v1/workflows/demo/releases", new StringContent("kind: Release\n", Encoding.UTF8, "application/yaml"));
        Assert.Equal(401, (int)submit.StatusCode);

        // The last two admin tokens, each revoked on another instance at the same moment: one revocation wins, the other is
        // refused, and one admin token stays live.
        var ada = await UserAsync(admin, "ada", [], "admin");
        using var adaOnB = Client(b.Url, ada);
        var admins = (await Get(admin, "api/v1/tokens")).AsArray().Where(t => t!["scopes"]!.AsArray().Any(x => x!.GetValue<string>() == "admin")).ToList();
        Assert.Equal(2, admins.Count);
        var both = await Task.WhenAll(
            Post(admin, $"api/v1/tokens/{admins[0]!["id"]!.GetValue<long>()}/revoke", new { }),
            Post(adaOnB, $"api/v1/tokens/{admins[1]!["id"]!.GetValue<long>()}/revoke", new { }));
        Assert.Equal([200, 409], both.Select(r => r.Status).Order().ToArray());
        Assert.Equal("RG1642", both.Single(r => r.Status == 409).Body!["code"]!.GetValue<string>());
        var survivor = both[0].Status == 200 ? adaOnB : admin;
        var left = (await Get(survivor, "api/v1/tokens")).AsArray()
            .Where(t => t!["revoked_at"] is null && t["scopes"]!.AsArray().Any(x => x!.GetValue<string>() == "admin")).ToList();
        Assert.Single(left);
        var verify = await Get(survivor, "api/v1/ledger/verify");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
    }

    private static HttpClient Client(string url, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(url + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> UserAsync(HttpClient admin, string name, string[] groups, params string[] scopes)
    {
        Assert.Equal(201, (await Post(admin, "api/v1/users", new { name, groups })).Status);
        var (status, body) = await Post(admin, "api/v1/tokens", new { user = name, scopes });
        Assert.Equal(201, status);
        return body!["token"]!.GetValue<string>();
    }

    private static async Task<long> SubmitAsync(HttpClient client, string version)
    {
        var manifest = $"apiVersion: releasegate/v1\nkind: Release\nworkflow: demo\nversion: \"{version}\"\ncomponents:\n  model: m-{version}\n";
        using var submitted = await client.PostAsync("api/v1/workflows/demo/releases", new StringContent(manifest, Encoding.UTF8, "application/yaml"));
        var body = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!;
        Assert.True(submitted.IsSuccessStatusCode, body.ToJsonString());
        var id = body["id"]!.GetValue<long>();
        var lines = string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"suite\":\"core\",\"case\":\"c{i}\",\"pass\":true}}\n"));
        using var evidence = await client.PostAsync($"api/v1/releases/{id}/evidence", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        Assert.True(evidence.IsSuccessStatusCode, await evidence.Content.ReadAsStringAsync());
        return id;
    }

    private static async Task<(int Status, JsonNode? Body)> Post(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static async Task<JsonNode> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }
}
