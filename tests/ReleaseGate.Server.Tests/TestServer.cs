using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Tests;

/// <summary>
/// A real server on a loopback Kestrel port over a real SQLite file (or PostgreSQL), with a bootstrapped admin. Every test
/// starts its own, so that no test depends on another's writes.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly WebApplication _app;

    private TestServer(string? folder, string database, WebApplication app, Uri address, string adminToken)
    {
        _folder = folder;
        Database = database;
        _app = app;
        Address = address;
        AdminToken = adminToken;
    }

    /// <summary>The <see cref="Options.ServerOptions.Database"/> this server runs on.</summary>
    public string Database { get; }

    public Uri Address { get; }

    public string AdminToken { get; }

    public IGateStore Store => _app.Services.GetRequiredService<IGateStore>();

    public WebApplication App => _app;

    /// <summary>Every routed endpoint of the running server.</summary>
    public IReadOnlyList<Microsoft.AspNetCore.Routing.RouteEndpoint> Endpoints =>
        _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().ToList();

    public static async Task<TestServer> StartAsync(Action<ServerOptions>? configure = null, string? database = null, TimeProvider? time = null)
    {
        var folder = Directory.CreateTempSubdirectory("releasegate-server-test-").FullName;
        var db = database ?? Path.Combine(folder, "releasegate.db");
        string token;
        await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = db }))
        {
            token = await IdentityAdmin.BootstrapAsync(store, "admin") ?? throw new InvalidOperationException("bootstrap refused on a fresh database");
        }

        var (app, address) = await ServerApp.StartAsync(o =>
        {
            o.Database = db;
            configure?.Invoke(o);
        }, time);
        return new TestServer(folder, db, app, address, token);
    }

    /// <summary>
    /// A second instance on <paramref name="first"/>'s database, as a scaled-out deployment runs, with its own clock; it
    /// deletes nothing when disposed.
    /// </summary>
    public static async Task<TestServer> JoinAsync(TestServer first, TimeProvider? time = null, Action<ServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        var (app, address) = await ServerApp.StartAsync(o =>
        {
            o.Database = first.Database;
            configure?.Invoke(o);
        }, time);
        return new TestServer(null, first.Database, app, address, first.AdminToken);
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates the groups, then a user in <paramref name="groups"/> with a token of <paramref name="scopes"/>.</summary>
    public async Task<string> UserAsync(string name, string[] groups, params string[] scopes)
    {
        using var admin = Client(AdminToken);
        foreach (var group in groups)
        {
            var created = await admin.PostAsJsonAsync("api/v1/groups", new { name = group });
            Assert.True(created.IsSuccessStatusCode || (int)created.StatusCode == 409, $"group {group}: {(int)created.StatusCode}");
        }

        var user = await admin.PostAsJsonAsync("api/v1/users", new { name, groups });
        Assert.Equal(201, (int)user.StatusCode);
        var token = await admin.PostAsJsonAsync("api/v1/tokens", new { user = name, scopes });
        Assert.Equal(201, (int)token.StatusCode);
        return (await token.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> RegisterGateAsync(string gateYaml, string? token = null)
    {
        using var client = Client(token ?? AdminToken);
        var workflow = gateYaml.Split('\n').First(l => l.StartsWith("workflow:", StringComparison.Ordinal))["workflow:".Length..].Trim();
        return await client.PutAsync($"api/v1/workflows/{workflow}", new StringContent(gateYaml, Encoding.UTF8, "application/yaml"));
    }

    /// <summary>
    /// Derives every decision this server's store holds again from the records it names (<see cref="ReleaseLifecycle.RederiveAsync"/>),
    /// with a lifecycle of its own (no cache shared with the server), and asserts it is the recorded decision, byte for byte: every
    /// test that records decisions is also a test that they follow from the record. A store a test tampered with (the state check finds
    /// rows the ledger does not vouch for) is left to 'audit verify', which names the rows.
    /// </summary>
    private async Task DecisionsFollowFromTheRecordAsync()
    {
        var store = Store;
        if (!(await store.VerifyStateAsync()).IsConsistent)
        {
            return;
        }

        await foreach (var check in new ReleaseLifecycle(TimeProvider.System).RederiveAllAsync(store, CancellationToken.None))
        {
            Assert.Null(check.Failure);
            Assert.Equal(check.Recorded.DecisionJson, check.Json);
        }
    }

    public static StringContent Jsonl(string lines) => new(lines, Encoding.UTF8, "application/x-ndjson");

    public async ValueTask DisposeAsync()
    {
        await DecisionsFollowFromTheRecordAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_folder is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection; the OS cleans temp.
        }
    }
}
