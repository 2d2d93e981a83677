using System.Net.Http.Headers;

namespace ReleaseGate.Server.Tests;

/// <summary>The example workflow on a server started from code, as the demo starts it.</summary>
public class ExampleTests
{
    [Fact]
    public async Task The_example_gate_registers_from_code_and_its_candidate_is_blocked_on_the_refunds_regression()
    {
        await using var server = await TestServer.StartAsync();
        var example = Path.Combine(Root(), "examples", "support-agent");
        var registered = await ServerApp.RegisterGateAsync(server.App, Path.Combine(example, "gate.yaml"), "demo");
        Assert.Equal("support-agent", registered.Workflow.Name);
        Assert.True(registered.Changed);

        var ci = await server.UserAsync("ci", [], "submit");
        using var client = server.Client(ci);
        using var form = new MultipartFormDataContent();
        var manifest = Path.Combine(example, "releases", "candidate.yaml");
        form.Add(new StringContent(await File.ReadAllTextAsync(manifest)), "manifest", "candidate.yaml");
        foreach (var file in new[] { "../prompts/system-2026.11.md", "../docs/model-card-2026.11.0.md", "../docs/red-team-2026.11.0.md" })
        {
            var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(example, "releases", file)));
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(bytes, file, Path.GetFileName(file));
        }

        var (status, release) = await client.SendAsync(HttpMethod.Post, "api/v1/workflows/support-agent/releases", form);
        Assert.True(status == 201, release?.ToJsonString());
        var id = release!["id"]!.GetValue<long>();
        // The runner writes candidate and baseline side by side (each line's target decides), and the regression bank apart.
        foreach (var name in new[] { "support-core.jsonl", "regressions.jsonl" })
        {
            await using var results = File.OpenRead(Path.Combine(example, "results", name));
            var content = new StreamContent(results);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            Assert.Equal(201, (await client.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence?name={name}", content)).Status);
        }

        var (_, decision) = await client.GetJsonAsync($"api/v1/releases/{id}/decision");
        Assert.Equal("blocked", decision!["verdict"]!.GetValue<string>());
        var refunds = decision["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "evals/support-core/slice/refunds/no-regression");
        Assert.Equal("fail", refunds!["status"]!.GetValue<string>());
        Assert.Equal("pass", decision["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "evidence/model-card")!["status"]!.GetValue<string>());
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReleaseGate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
