using System.Diagnostics;
using System.Text.Json.Nodes;
using ReleaseGate.Server.Identity;

namespace ReleaseGate.Server.Tests;

/// <summary>Revoking tokens and removing group members: who may, what is refused, what the ledger records, and how soon it applies.</summary>
public class IdentityAdminTests
{
    [Fact]
    public async Task A_revoked_token_is_refused_at_once_listed_with_its_times_and_recorded_in_the_ledger()
    {
        await using var server = await TestServer.StartAsync();
        var bob = await server.UserAsync("bob", [], "approve", "review");
        using var admin = server.Client(server.AdminToken);
        using var asBob = server.Client(bob);
        Assert.Equal(200, (await asBob.GetJsonAsync("api/v1/me")).Status);

        var (status, listed) = await admin.GetJsonAsync("api/v1/tokens?user=bob");
        Assert.Equal(200, status);
        var token = Assert.Single(listed!.AsArray())!.AsObject();
        Assert.Equal(["id", "user", "name", "scopes", "created_at", "expires_at", "revoked_at"], token.Select(p => p.Key));
        Assert.Equal(("bob", "review,approve"), (token["user"]!.GetValue<string>(), string.Join(',', token["scopes"]!.AsArray().Select(s => s!.GetValue<string>()))));
        Assert.Null(token["revoked_at"]);
        var (_, everyone) = await admin.GetJsonAsync("api/v1/tokens");
        Assert.Equal(["admin", "bob"], everyone!.AsArray().Select(t => t!["user"]!.GetValue<string>()));
        Assert.DoesNotContain(bob, everyone.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Storage.ApiTokenHash.Compute(bob), everyone.ToJsonString(), StringComparison.Ordinal);

        var id = token["id"]!.GetValue<long>();
        var (revokeStatus, revoked) = await admin.PostJsonAsync($"api/v1/tokens/{id}/revoke", new { });
        Assert.Equal(200, revokeStatus);
        Assert.NotNull(revoked!["revoked_at"]);

        // The instance that revoked it refuses it on the next request, cache or not.
        var (meStatus, problem) = await asBob.GetJsonAsync("api/v1/me");
        Assert.Equal((401, "RG1608"), (meStatus, Http.Code(problem)));
        Assert.NotNull((await admin.GetJsonAsync("api/v1/tokens?user=bob")).Body![0]!["revoked_at"]);

        var entry = (await server.Store.ListLedgerBySubjectAsync(IdentityAdmin.Subject)).Last();
        Assert.Equal(("admin", "token.revoked"), (entry.Actor, entry.Type));
        Assert.Equal(JsonNode.Parse($$"""{"name":"token","token":{{id}},"user":"bob"}""")!.ToJsonString(), JsonNode.Parse(entry.PayloadJson)!.ToJsonString());
        Assert.Null((await server.Store.VerifyLedgerAsync()).FirstBreak);

        // Again: nothing changes and nothing more is recorded.
        var (again, conflict) = await admin.PostJsonAsync($"api/v1/tokens/{id}/revoke", new { });
        Assert.Equal((409, "RG1615"), (again, Http.Code(conflict)));
        var (unknown, missing) = await admin.PostJsonAsync("api/v1/tokens/99999/revoke", new { });
        Assert.Equal((404, "RG1640"), (unknown, Http.Code(missing)));
        Assert.Equal(entry.Seq, (await server.Store.ListLedgerBySubjectAsync(IdentityAdmin.Subject)).Last().Seq);
        var (noUser, nobody) = await admin.GetJsonAsync("api/v1/tokens?user=nobody");
        Assert.Equal((404, "RG1616"), (noUser, Http.Code(nobody)));
    }

    [Fact]
    public async Task Only_admins_revoke_tokens_and_remove_members()
    {
        await using var server = await TestServer.StartAsync();
        var lena = await server.UserAsync("lena", ["leads"], "approve", "review", "submit");
        var ci = await server.UserAsync("ci", [], "submit");
        using var asLena = server.Client(lena);
        var ciToken = (await server.Store.ListApiTokensAsync("ci")).Single();

        Assert.Equal((403, "RG1609"), Result(await asLena.PostJsonAsync($"api/v1/tokens/{ciToken.Id}/revoke", new { })));
        Assert.Equal((403, "RG1609"), Result(await asLena.SendAsync(HttpMethod.Delete, "api/v1/groups/leads/members/lena")));
        Assert.Equal((403, "RG1609"), Result(await asLena.GetJsonAsync("api/v1/tokens")));
        Assert.Equal((401, "RG1608"), Result(await server.Client().SendAsync(HttpMethod.Delete, "api/v1/groups/leads/members/lena")));

        Assert.Null((await server.Store.GetApiTokenAsync(ciToken.Id))!.RevokedAt);
        Assert.Equal(["lena"], await server.Store.ListMembersAsync("leads"));
        Assert.DoesNotContain(await server.Store.ListLedgerBySubjectAsync(IdentityAdmin.Subject), e => e.Type is "token.revoked" or "group.member_removed");
        Assert.Equal(200, (await server.Client(ci).GetJsonAsync("api/v1/me")).Status);
    }

    [Fact]
    public async Task The_last_live_admin_token_cannot_be_revoked()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(server.AdminToken);
        var bootstrap = (await server.Store.ListApiTokensAsync("admin")).Single();
        Assert.Equal((409, "RG1642"), Result(await admin.PostJsonAsync($"api/v1/tokens/{bootstrap.Id}/revoke", new { })));
        Assert.Equal(200, (await admin.GetJsonAsync("api/v1/me")).Status);

        // A second admin token makes the first one revocable; then the second is the last one.
        var ada = await server.UserAsync("ada", [], "admin");
        var ci = await server.UserAsync("ci", [], "submit");
        Assert.Equal(200, (await admin.PostJsonAsync($"api/v1/tokens/{bootstrap.Id}/revoke", new { })).Status);
        using var asAda = server.Client(ada);
        var adas = (await server.Store.ListApiTokensAsync("ada")).Single();
        var (status, problem) = await asAda.PostJsonAsync($"api/v1/tokens/{adas.Id}/revoke", new { });
        Assert.Equal((409, "RG1642"), (status, Http.Code(problem)));
        Assert.Contains("releasegate token create", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Tokens without the admin scope are not protected: revoking every one of them is fine.
        var ciToken = (await server.Store.ListApiTokensAsync("ci")).Single();
        Assert.Equal(200, (await asAda.PostJsonAsync($"api/v1/tokens/{ciToken.Id}/revoke", new { })).Status);
        Assert.Equal(401, (await server.Client(ci).GetJsonAsync("api/v1/me")).Status);
    }

    [Fact]
    public async Task A_removed_member_can_no_longer_approve_for_the_group_and_the_removal_is_recorded()
    {
        await using var server = await TestServer.StartAsync();
        var lena = await server.UserAsync("lena", ["leads"], "approve");
        var liam = await server.UserAsync("liam", ["leads"], "approve");
        var ci = await server.UserAsync("ci", [], "submit");
        Assert.True((await server.RegisterGateAsync(Samples.Gate())).IsSuccessStatusCode);
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(10));
        using var admin = server.Client(server.AdminToken);
        using var asLena = server.Client(lena);
        Assert.Equal(["leads"], (await asLena.GetJsonAsync("api/v1/me")).Body!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));

        var (status, group) = await admin.SendAsync(HttpMethod.Delete, "api/v1/groups/leads/members/lena");
        Assert.Equal(200, status);
        Assert.Equal(["liam"], group!["members"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Empty((await asLena.GetJsonAsync("api/v1/me")).Body!["groups"]!.AsArray());
        var (vote, refused) = await asLena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "looks fine" });
        Assert.Equal((403, "RG1609"), (vote, Http.Code(refused)));
        Assert.Empty(await server.Store.ListApprovalsAsync(id));

        // The member who stays still counts.
        Assert.Equal(200, (await server.Client(liam).PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "looks fine" })).Status);
        Assert.Equal("liam", Assert.Single(await server.Store.ListApprovalsAsync(id)).Actor);

        var entry = (await server.Store.ListLedgerBySubjectAsync(IdentityAdmin.Subject)).Last();
        Assert.Equal(("admin", "group.member_removed", """{"group":"leads","user":"lena"}"""), (entry.Actor, entry.Type, entry.PayloadJson));

        Assert.Equal((404, "RG1641"), Result(await admin.SendAsync(HttpMethod.Delete, "api/v1/groups/leads/members/lena")));
        Assert.Equal((404, "RG1616"), Result(await admin.SendAsync(HttpMethod.Delete, "api/v1/groups/nogroup/members/lena")));
        Assert.Equal((404, "RG1616"), Result(await admin.SendAsync(HttpMethod.Delete, "api/v1/groups/leads/members/nobody")));
        Assert.Equal(entry.Seq, (await server.Store.ListLedgerBySubjectAsync(IdentityAdmin.Subject)).Last().Seq);
    }

    [Fact]
    public async Task A_token_revoked_on_one_instance_is_refused_by_another_on_the_same_database_within_a_second()
    {
        await using var a = await TestServer.StartAsync();
        await using var b = await TestServer.JoinAsync(a);
        var bob = await a.UserAsync("bob", ["leads"], "review");
        using var onB = b.Client(bob);

        // B has verified and cached the token before it is revoked.
        Assert.Equal(200, (await onB.GetJsonAsync("api/v1/me")).Status);
        Assert.Equal(200, (await onB.GetJsonAsync("api/v1/me")).Status);
        var id = (await a.Store.ListApiTokensAsync("bob")).Single().Id;
        using var admin = a.Client(a.AdminToken);
        Assert.Equal(200, (await admin.PostJsonAsync($"api/v1/tokens/{id}/revoke", new { })).Status);
        var clock = Stopwatch.StartNew();
        while ((await onB.GetJsonAsync("api/v1/me")).Status == 200)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "instance B still accepts a token revoked on instance A after a second");
            await Task.Delay(20);
        }

        Assert.Equal(401, (await onB.GetJsonAsync("api/v1/me")).Status);
    }

    [Fact]
    public void A_server_that_would_check_for_identity_changes_less_often_than_every_second_does_not_start()
    {
        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ServerApp.Build([], o => o.IdentityCheckTime = TimeSpan.FromSeconds(2)));
        Assert.Contains("IdentityCheckTime", Assert.Single(refused.Failures), StringComparison.Ordinal);
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ServerApp.Build([], o => o.TokenCacheTime = TimeSpan.FromSeconds(-1)));
    }

    private static (int Status, string Code) Result((int Status, JsonNode? Body) answer) => (answer.Status, Http.Code(answer.Body));
}
