using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReleaseGate.Server.Tests;

/// <summary>The host around the API: OpenAPI document and UI, health, metrics, OIDC bearer tokens.</summary>
[Collection(MetricsCollection.Name)]
public class HostTests
{
    [Fact]
    public async Task The_served_openapi_document_is_the_committed_one()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client();
        var served = JsonNode.Parse(await client.GetStringAsync("openapi/v1.json"))!;
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("RELEASEGATE_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, text);
        }

        Assert.True(File.Exists(path), "docs/openapi.json is missing; run the tests with RELEASEGATE_UPDATE_OPENAPI=1 to write it.");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(path)), served),
            "the served OpenAPI document differs from docs/openapi.json; if the API change is intended, run the tests with RELEASEGATE_UPDATE_OPENAPI=1 and commit the file.");
        Assert.NotNull(served["paths"]!["/api/v1/releases/{id}/approvals"]);
    }

    [Fact]
    public async Task Health_docs_and_metrics_are_served_without_a_token()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(9));
        using var anonymous = server.Client();

        Assert.Equal("Healthy", await anonymous.GetStringAsync("health/live"));
        Assert.Equal("Healthy", await anonymous.GetStringAsync("health/ready"));
        var docs = await anonymous.GetStringAsync("docs");
        Assert.Contains("scalar", docs, StringComparison.OrdinalIgnoreCase);
        var metrics = await anonymous.GetStringAsync("metrics");
        Assert.Contains("http_server_request_duration_seconds", metrics);
        Assert.Contains("releasegate_evidence_lines", metrics);
    }

    [Fact]
    public async Task An_oidc_bearer_token_signed_with_es256_authenticates_with_its_groups_and_scopes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signing = new ECDsaSecurityKey(key) { KeyId = "test-key" };
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ExportParameters(false))) { KeyId = "test-key" });
        var jwks = Path.Combine(Path.GetTempPath(), $"releasegate-jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(jwks, JsonSerializer.Serialize(new { keys = new[] { jwk } }));
        try
        {
            await using var server = await TestServer.StartAsync(o =>
            {
                o.Oidc.Issuer = "https://idp.example";
                o.Oidc.Audience = "releasegate";
                o.Oidc.SigningKeysFile = jwks;
            });
            string Token(string audience, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "https://idp.example",
                Audience = audience,
                Expires = expires,
                NotBefore = expires.AddHours(-2),
                IssuedAt = expires.AddHours(-2),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "olivia",
                    ["groups"] = new[] { "governance", "leads" },
                    ["scope"] = "openid approve review",
                },
                SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.EcdsaSha256),
            });

            using var client = server.Client(Token("releasegate", DateTime.UtcNow.AddHours(1)));
            var (status, me) = await client.GetJsonAsync("api/v1/me");
            Assert.Equal(200, status);
            Assert.Equal("olivia", me!["user"]!.GetValue<string>());
            Assert.Equal(["governance", "leads"], me["groups"]!.AsArray().Select(g => g!.GetValue<string>()).ToArray());
            Assert.Equal(["review", "approve"], me["scopes"]!.AsArray().Select(g => g!.GetValue<string>()).ToArray());
            var (forbidden, problem) = await client.PostJsonAsync("api/v1/users", new { name = "x" });
            Assert.Equal(403, forbidden);
            Assert.Equal("RG1609", Http.Code(problem));

            using var wrongAudience = server.Client(Token("someone-else", DateTime.UtcNow.AddHours(1)));
            Assert.Equal(401, (await wrongAudience.GetJsonAsync("api/v1/me")).Status);
            using var expired = server.Client(Token("releasegate", DateTime.UtcNow.AddMinutes(-10)));
            var (late, lateProblem) = await expired.GetJsonAsync("api/v1/me");
            Assert.Equal(401, late);
            Assert.Equal("RG1608", Http.Code(lateProblem));

            // API tokens keep working beside OIDC.
            using var admin = server.Client(server.AdminToken);
            Assert.Equal(200, (await admin.GetJsonAsync("api/v1/me")).Status);

            // A token's lifetime is judged by the server's clock (on SQLite the one it was given; on PostgreSQL the
            // database's), not this machine's: a server whose time is a day ahead refuses a token that ends in an hour.
            await using var ahead = await TestServer.StartAsync(o =>
            {
                o.Oidc.Issuer = "https://idp.example";
                o.Oidc.Audience = "releasegate";
                o.Oidc.SigningKeysFile = jwks;
            }, time: new AheadClock(TimeSpan.FromDays(1)));
            using var early = ahead.Client(Token("releasegate", DateTime.UtcNow.AddHours(1)));
            var (stale, staleProblem) = await early.GetJsonAsync("api/v1/me");
            Assert.Equal(401, stale);
            Assert.Equal("RG1608", Http.Code(staleProblem));
        }
        finally
        {
            File.Delete(jwks);
        }
    }

    [Fact]
    public async Task A_misconfigured_server_does_not_start()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            TestServer.StartAsync(o => o.Oidc.Issuer = "https://idp.example"));
        Assert.Contains("Audience", failure.Message);
    }

    [Fact]
    public void A_results_line_limit_above_the_results_reader_s_own_does_not_start_a_server()
    {
        // Every stored line is read by the results reader, so a larger setting would be accepted and do nothing.
        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ServerApp.Build([], o => o.MaxEvidenceLineBytes = ReleaseGate.Core.Diagnostics.InputLimits.MaxJsonLineBytes + 1L));
        Assert.Contains("MaxEvidenceLineBytes", Assert.Single(refused.Failures), StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReleaseGate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ReleaseGate.slnx not found");
    }

    private sealed class AheadClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + skew;
    }
}
