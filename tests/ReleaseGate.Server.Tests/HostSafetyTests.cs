using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Lifecycle;

namespace ReleaseGate.Server.Tests;

/// <summary>The host's answers to what a client controls: the Host header, the request target; and readiness that means writes work.</summary>
public sealed class HostSafetyTests
{
    [Fact]
    public async Task Links_never_echo_the_request_Host_header()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/workflows/demo/releases") { Content = new StringContent(Samples.Manifest(), Encoding.UTF8, "application/yaml") };
        request.Headers.Host = "evil.example";

        using var response = await submitter.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(201, (int)response.StatusCode);
        var link = body["link"]!.GetValue<string>();
        Assert.StartsWith(server.Address.GetLeftPart(UriPartial.Authority) + "/releases/", link);
        Assert.DoesNotContain("evil.example", link);
        Assert.DoesNotContain("evil.example", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Links_use_the_public_url_when_it_is_set()
    {
        await using var server = await TestServer.StartAsync(o => o.PublicUrl = "https://gate.example.com/");
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);

        var (_, body) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", new StringContent(Samples.Manifest(), Encoding.UTF8, "application/yaml"));

        Assert.StartsWith("https://gate.example.com/releases/", body!["link"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_over_long_target_and_unprintable_characters_in_the_target_get_problem_details_with_RG1623()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client(server.AdminToken);

        var (longStatus, longProblem) = await client.GetJsonAsync("api/v1/workflows/" + new string('a', 20_000));
        Assert.Equal(414, longStatus);
        Assert.Equal(ProblemCodes.InvalidTarget, Http.Code(longProblem));

        var (escStatus, escProblem) = await client.GetJsonAsync("api/v1/workflows/a%1b%5b2Kb");
        Assert.Equal(400, escStatus);
        Assert.Equal(ProblemCodes.InvalidTarget, Http.Code(escProblem));
        Assert.DoesNotContain('\u001b', escProblem!["detail"]!.GetValue<string>());

        var (queryStatus, queryProblem) = await client.GetJsonAsync("api/v1/ledger?subject=a%00b");
        Assert.Equal(400, queryStatus);
        Assert.Equal(ProblemCodes.InvalidTarget, Http.Code(queryProblem));

        var (bidiStatus, bidiProblem) = await client.GetJsonAsync("api/v1/workflows/a%E2%80%AEb");
        Assert.Equal(400, bidiStatus);
        Assert.Equal(ProblemCodes.InvalidTarget, Http.Code(bidiProblem));
    }

    [Fact]
    public async Task A_NUL_in_the_path_is_refused_by_Kestrel_before_the_application_and_the_server_stays_up()
    {
        await using var server = await TestServer.StartAsync();

        // Kestrel answers this one itself, without a body (documented in docs/server.md); the next request is served.
        Assert.StartsWith("HTTP/1.1 400", await RawRequestAsync(server.Address, "GET /api/v1/workflows/a%00b HTTP/1.1\r\nHost: x\r\n\r\n"));
        using var client = server.Client();
        Assert.Equal("Healthy", await client.GetStringAsync("health/live"));
    }

    [Fact]
    public async Task Readiness_fails_while_the_database_takes_no_writes_and_recovers()
    {
        var folder = Directory.CreateTempSubdirectory("releasegate-ready-").FullName;
        var db = Path.Combine(folder, "releasegate.db");
        await using var server = await TestServer.StartAsync(database: db);
        using var client = server.Client();
        Assert.Equal("Healthy", await client.GetStringAsync("health/ready"));

        // Another process holds the write lock: reads still work (WAL), writes cannot.
        await using (var other = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await other.OpenAsync();
            await using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();

            var started = DateTime.UtcNow;
            using var response = await client.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
            Assert.Equal("Healthy", await client.GetStringAsync("health/live"));
        }

        Assert.Equal("Healthy", await client.GetStringAsync("health/ready"));
        Assert.Empty(Directory.GetFiles(folder, "*.db-journal"));
    }

    [Fact]
    public async Task A_vote_that_is_refused_reads_no_evidence()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        var outsider = await server.UserAsync("outsider", [], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(9));
        var lifecycle = server.App.Services.GetRequiredService<ReleaseLifecycle>();
        var before = lifecycle.Evidence.Reads;
        using var voter = server.Client(outsider);

        var (notMember, _) = await voter.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "looks fine" });
        var (noStage, _) = await voter.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "nope", comment = "looks fine" });

        Assert.Equal(403, notMember);
        Assert.Equal(400, noStage);
        Assert.Equal(before, lifecycle.Evidence.Reads);
    }

    [Fact]
    public async Task A_caller_without_the_scope_is_refused_before_the_body_is_read()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        using var submitter = server.Client(ci);
        using var anonymous = server.Client();

        // Malformed bodies: an endpoint that bound them first would answer 400; the scope is checked first.
        var (vote, voteProblem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/releases/1/approvals", new StringContent(new string('[', 10_000), Encoding.UTF8, "application/json"));
        var (user, _) = await submitter.SendAsync(HttpMethod.Post, "api/v1/users", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        var (gate, _) = await submitter.SendAsync(HttpMethod.Put, "api/v1/workflows/demo", new StringContent("[[[[", Encoding.UTF8, "application/yaml"));
        var (none, noneProblem) = await anonymous.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", new StringContent("[[[[", Encoding.UTF8, "application/yaml"));

        Assert.Equal(403, vote);
        Assert.Equal(ProblemCodes.Forbidden, Http.Code(voteProblem));
        Assert.Equal(403, user);
        Assert.Equal(403, gate);
        Assert.Equal(401, none);
        Assert.Equal(ProblemCodes.Unauthenticated, Http.Code(noneProblem));
    }

    private static async Task<string> RawRequestAsync(Uri address, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
