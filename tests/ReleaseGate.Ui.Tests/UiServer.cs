using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>
/// A real server on a loopback port over a fresh SQLite file, with a bootstrapped admin, for the browser to talk to. Each
/// test starts its own. <see cref="ExampleAsync"/> registers the example workflow and submits its candidate as CI would.
/// </summary>
internal sealed class UiServer : IAsyncDisposable
{
    private readonly string _folder;

    private UiServer(string folder, WebApplication app, Uri address, string adminToken)
    {
        _folder = folder;
        App = app;
        Address = address;
        AdminToken = adminToken;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public string AdminToken { get; }

    public IGateStore Store => App.Services.GetRequiredService<IGateStore>();

    /// <summary>The example workflow's folder.</summary>
    public static string Example => Path.Combine(Root(), "examples", "support-agent");

    public static async Task<UiServer> StartAsync(Action<ServerOptions>? configure = null, TimeProvider? time = null)
    {
        var folder = Directory.CreateTempSubdirectory("releasegate-ui-test-").FullName;
        var db = Path.Combine(folder, "releasegate.db");
        string token;
        await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = db }))
        {
            token = await IdentityAdmin.BootstrapAsync(store, "admin") ?? throw new InvalidOperationException("bootstrap refused on a fresh database");
        }

        var (app, address) = await ServerApp.StartAsync(o =>
        {
            o.Database = db;
            o.Scheduler.Enabled = false;
            configure?.Invoke(o);
        }, time);
        return new UiServer(folder, app, address, token);
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

    /// <summary>
    /// Registers the example gate and submits its candidate with the example's results, as CI does: the release is blocked
    /// on the refunds regression. Returns the release's id and the submitter's token.
    /// </summary>
    public async Task<(long Release, string Submitter)> ExampleAsync(string manifest = "candidate.yaml", string? results = null)
    {
        await ServerApp.RegisterGateAsync(App, Path.Combine(Example, "gate.yaml"), "admin");
        var ci = await UserAsync("ci", [], "submit");
        return (await SubmitAsync(ci, manifest, results ?? Path.Combine(Example, "results")), ci);
    }

    /// <summary>Submits an example manifest and the results in <paramref name="results"/> (each line's target decides).</summary>
    public async Task<long> SubmitAsync(string token, string manifest, string results)
    {
        using var client = Client(token);
        using var form = new MultipartFormDataContent();
        var path = Path.Combine(Example, "releases", manifest);
        form.Add(new StringContent(await File.ReadAllTextAsync(path)), "manifest", manifest);
        foreach (var file in new[] { "../prompts/system-2026.11.md", "../docs/model-card-2026.11.0.md", "../docs/red-team-2026.11.0.md" })
        {
            var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Example, "releases", file)));
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(bytes, file, Path.GetFileName(file));
        }

        var submitted = await client.PostAsync("api/v1/workflows/support-agent/releases", form);
        Assert.True((int)submitted.StatusCode is 200 or 201, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        foreach (var name in new[] { "support-core.jsonl", "regressions.jsonl" })
        {
            await using var stream = File.OpenRead(Path.Combine(results, name));
            using var content = new StreamContent(stream);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            var uploaded = await client.PostAsync($"api/v1/releases/{id}/evidence?name={name}", content);
            Assert.True((int)uploaded.StatusCode == 201, await uploaded.Content.ReadAsStringAsync());
        }

        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file the server still closes; the temporary folder is cleaned by the system.
        }
    }

    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReleaseGate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the tests run outside the repository");
    }
}
