using Microsoft.AspNetCore.Routing;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;

namespace ReleaseGate.Server.Tests;

/// <summary>
/// Each role against each endpoint: allowed roles get past authorisation (the requests are built to then stop at
/// validation, so that no request changes what the next one sees), every other role gets 401 or 403 — nothing more.
/// </summary>
public class AuthorisationMatrixTests
{
    private static readonly string[] s_roles = ["anonymous", "invalid", "submit", "review", "approve", "admin"];

    private static readonly string[] s_everyone = ["submit", "review", "approve", "admin"];

    private sealed record Row(string Method, string Route, string Path, string[] Allowed, Func<HttpContent?> Body);

    [Fact]
    public async Task Each_role_may_do_exactly_what_its_scope_allows()
    {
        await using var server = await TestServer.StartAsync();
        var tokens = new Dictionary<string, string?>
        {
            ["anonymous"] = null,
            ["invalid"] = "rg_not-a-real-token",
            ["submit"] = await server.UserAsync("ci", [], "submit"),
            ["review"] = await server.UserAsync("rita", [], "review"),
            ["approve"] = await server.UserAsync("lena", ["leads", "governance"], "approve"),
            ["admin"] = await server.UserAsync("ada", [], "admin"),
        };
        await server.RegisterGateAsync(Samples.Gate());
        using var setup = server.Client(tokens["submit"]);
        var id = await setup.SubmitAsync(Samples.Manifest());
        Func<HttpContent?> none = () => null;
        Func<HttpContent?> empty = () => System.Net.Http.Json.JsonContent.Create(new { });
        Func<HttpContent?> badYaml = () => new StringContent("kind: [", System.Text.Encoding.UTF8, "application/yaml");
        Func<HttpContent?> badJsonl = () => TestServer.Jsonl("not json\n");
        var rows = new List<Row>
        {
            new("GET", "/api/v1/workflows", "api/v1/workflows", s_everyone, none),
            new("GET", "/api/v1/workflows/{workflow}", "api/v1/workflows/demo", s_everyone, none),
            new("GET", "/api/v1/workflows/{workflow}/gate", "api/v1/workflows/demo/gate", s_everyone, none),
            new("PUT", "/api/v1/workflows/{workflow}", "api/v1/workflows/demo", ["admin"], badYaml),
            new("POST", "/api/v1/workflows/{workflow}/releases", "api/v1/workflows/demo/releases", ["submit"], badYaml),
            new("GET", "/api/v1/workflows/{workflow}/releases", "api/v1/workflows/demo/releases", s_everyone, none),
            new("GET", "/api/v1/releases/{id:long}", $"api/v1/releases/{id}", s_everyone, none),
            new("GET", "/api/v1/releases/{id:long}/decision", $"api/v1/releases/{id}/decision", s_everyone, none),
            new("GET", "/api/v1/releases/{id:long}/decisions", $"api/v1/releases/{id}/decisions", s_everyone, none),
            new("POST", "/api/v1/releases/{id:long}/evidence", $"api/v1/releases/{id}/evidence", ["submit"], badJsonl),
            new("POST", "/api/v1/releases/{id:long}/ship", $"api/v1/releases/{id}/ship", ["submit"], empty),
            new("GET", "/api/v1/releases/{id:long}/approvals", $"api/v1/releases/{id}/approvals", s_everyone, none),
            new("POST", "/api/v1/releases/{id:long}/approvals", $"api/v1/releases/{id}/approvals", ["approve"], empty),
            new("POST", "/api/v1/releases/{id:long}/rejections", $"api/v1/releases/{id}/rejections", ["approve"], empty),
            new("GET", "/api/v1/workflows/{workflow}/waivers", "api/v1/workflows/demo/waivers", s_everyone, none),
            new("POST", "/api/v1/workflows/{workflow}/waivers", "api/v1/workflows/demo/waivers", ["approve"], empty),
            new("POST", "/api/v1/waivers/{id:long}/revoke", "api/v1/waivers/999/revoke", ["approve"], empty),
            new("POST", "/api/v1/reviews/next", "api/v1/reviews/next", ["review"], empty),
            new("GET", "/api/v1/reviews", "api/v1/reviews", s_everyone, none),
            new("GET", "/api/v1/reviews/{id:long}", "api/v1/reviews/999", s_everyone, none),
            new("POST", "/api/v1/reviews/{id:long}/verdicts", "api/v1/reviews/999/verdicts", ["review"], empty),
            new("DELETE", "/api/v1/reviews/{id:long}/lease", "api/v1/reviews/999/lease", ["review"], none),
            new("GET", "/api/v1/workflows/{workflow}/bank", "api/v1/workflows/demo/bank", s_everyone, none),
            new("POST", "/api/v1/workflows/{workflow}/bank", "api/v1/workflows/demo/bank", ["submit"], empty),
            new("GET", "/api/v1/workflows/{workflow}/bank/{caseId}", "api/v1/workflows/demo/bank/nothing", s_everyone, none),
            new("POST", "/api/v1/workflows/{workflow}/bank/{caseId}/state", "api/v1/workflows/demo/bank/nothing/state", ["approve"], empty),
            new("GET", "/api/v1/compliance/runs", "api/v1/compliance/runs", s_everyone, none),
            new("POST", "/api/v1/workflows/{workflow}/compliance/runs", "api/v1/workflows/demo/compliance/runs", ["approve"], empty),
            new("GET", "/api/v1/compliance/findings", "api/v1/compliance/findings", s_everyone, none),
            new("GET", "/api/v1/compliance/findings/{id:long}", "api/v1/compliance/findings/999", s_everyone, none),
            new("POST", "/api/v1/compliance/findings/{id:long}/acknowledge", "api/v1/compliance/findings/999/acknowledge", ["approve"], empty),
            new("POST", "/api/v1/compliance/findings/{id:long}/resolve", "api/v1/compliance/findings/999/resolve", ["approve"], empty),
            new("GET", "/api/v1/ledger", "api/v1/ledger", s_everyone, none),
            new("GET", "/api/v1/ledger/verify", "api/v1/ledger/verify", s_everyone, none),
            new("GET", "/api/v1/me", "api/v1/me", s_everyone, none),
            new("POST", "/api/v1/users", "api/v1/users", ["admin"], empty),
            new("GET", "/api/v1/users/{name}", "api/v1/users/nobody", ["admin"], none),
            new("POST", "/api/v1/groups", "api/v1/groups", ["admin"], empty),
            new("GET", "/api/v1/groups/{name}", "api/v1/groups/nobody", ["admin"], none),
            new("POST", "/api/v1/groups/{name}/members", "api/v1/groups/leads/members", ["admin"], empty),
            new("POST", "/api/v1/tokens", "api/v1/tokens", ["admin"], empty),
            new("GET", "/api/v1/tokens", "api/v1/tokens?user=nobody", ["admin"], none),
            new("POST", "/api/v1/tokens/{id:long}/revoke", "api/v1/tokens/99999/revoke", ["admin"], empty),
            new("DELETE", "/api/v1/groups/{name}/members/{user}", "api/v1/groups/leads/members/nobody", ["admin"], none),
            new("POST", "/api/v1/webhooks", "api/v1/webhooks", ["admin"], empty),
            new("GET", "/api/v1/webhooks", "api/v1/webhooks", ["admin"], none),
            new("GET", "/api/v1/webhooks/{id:long}", "api/v1/webhooks/999", ["admin"], none),
            new("POST", "/api/v1/webhooks/{id:long}/disable", "api/v1/webhooks/999/disable", ["admin"], empty),
            new("POST", "/api/v1/webhooks/{id:long}/test", "api/v1/webhooks/999/test", ["admin"], empty),
            new("GET", "/api/v1/webhooks/{id:long}/deliveries", "api/v1/webhooks/999/deliveries", ["admin"], none),
            new("GET", "/api/v1/webhook-deliveries", "api/v1/webhook-deliveries?state=dead", ["admin"], none),
            new("POST", "/api/v1/webhook-deliveries/{id:long}/replay", "api/v1/webhook-deliveries/999/replay", ["admin"], empty),
            new("POST", "/api/v1/releases/{id:long}/callbacks", $"api/v1/releases/{id}/callbacks", ["submit", "admin"], empty),
        };

        // The matrix covers every API endpoint the server maps: a new endpoint without a row fails here.
        var mapped = server.Endpoints.Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .Select(e => $"{e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single()} {e.RoutePattern.RawText}").Order().ToList();
        Assert.Equal(mapped, rows.Select(r => $"{r.Method} {r.Route}").Order().ToList());
        Assert.All(server.Endpoints.Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)),
            e => Assert.NotNull(e.Metadata.GetMetadata<RequiredScope>()));

        var failures = new List<string>();
        foreach (var row in rows)
        {
            foreach (var role in s_roles)
            {
                using var client = server.Client(tokens[role]);
                var (status, body) = await client.SendAsync(new HttpMethod(row.Method), row.Path, row.Body());
                var allowed = row.Allowed.Contains(role);
                var denied = status is 401 or 403 && Http.Code(body) is "RG1608" or "RG1609";
                if (allowed == denied || (!allowed && role is "anonymous" or "invalid" && status != 401))
                {
                    failures.Add($"{role,-9} {row.Method} {row.Path}: {status} {Http.Code(body)} (expected {(allowed ? "allowed" : "denied")})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // Nothing a request above sent was written: the release has no evidence, approval or waiver.
        var (_, approvals) = await setup.GetJsonAsync($"api/v1/releases/{id}/approvals");
        Assert.Empty(approvals!.AsArray());
        Assert.Empty(await server.Store.ListEvidenceRunsAsync(id));
        Assert.Empty(await server.Store.ListWaiversAsync("demo", includeRevoked: true));
        Assert.Empty(await server.Store.ListWebhooksAsync(includeDisabled: true));
    }

    [Fact]
    public void Scope_words_round_trip_and_unknown_words_are_named()
    {
        Assert.True(Scopes.TryParse(["submit", " Approve "], out var scopes, out _));
        Assert.Equal(Scope.Submit | Scope.Approve, scopes);
        Assert.Equal(["submit", "approve"], Scopes.Words(scopes));
        Assert.False(Scopes.TryParse(["submit", "root"], out _, out var unknown));
        Assert.Equal("root", unknown);
    }

    [Fact]
    public void Tokens_are_random_and_only_their_hash_is_kept()
    {
        var (a, hashA) = ApiTokens.Create();
        var (b, _) = ApiTokens.Create();
        Assert.NotEqual(a, b);
        Assert.StartsWith("rg_", a);
        Assert.Equal(Storage.ApiTokenHash.Compute(a), hashA);
        Assert.DoesNotContain(a["rg_".Length..], hashA);
    }
}
