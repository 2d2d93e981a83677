using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The record on the decision page: components and changes, attachments, policies, waivers, history.</summary>
[Collection(BrowserCollection.Name)]
public class RecordPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_decision_page_shows_the_release_record_against_its_baseline()
    {
        await using var server = await UiServer.StartAsync();
        var (candidate, _) = await BaselineThenCandidateAsync(server);
        var governance = await server.UserAsync("gwen", ["ai-governance"], "approve");
        using (var client = server.Client(governance))
        {
            var granted = await client.PostAsJsonAsync("api/v1/workflows/support-agent/waivers", new
            {
                check = "evals/support-core/slice/refunds/pass-rate",
                release = "2026.11.0",
                reason = "refund copy reviewed by legal",
                expires = DateTimeOffset.UtcNow.AddDays(7),
            });
            Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        }

        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, $"/releases/{candidate}");
        var page = browsing.Page;

        // Components: every one differs from the baseline 2026.10.2, and the table shows both values.
        Assert.Equal("Against the baseline 2026.10.2, 5 of 5 components differ: model, prompts, tools, config, attachments.", await page.Locator("#changes").InnerTextAsync());
        var model = page.Locator("table.components tr[data-component='model']");
        Assert.Equal("changed", await model.GetAttributeAsync("class"));
        Contains(await model.InnerTextAsync(), "gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14");
        Contains(await page.Locator("table.components tr[data-component='tools']").InnerTextAsync(), "create_return_label");
        Contains(await page.Locator("table.components").InnerTextAsync(), "config: temperature", "0.2", "0.3", "prompts: refund-policy", "removed");

        // Attachments with their digests and sizes; view shows the text, download saves the file.
        var cardPath = Path.Combine(UiServer.Example, "docs", "model-card-2026.11.0.md");
        var cardBytes = await File.ReadAllBytesAsync(cardPath);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(cardBytes));
        var card = page.Locator("table.attachments tr[data-attachment='model-card']");
        Contains(await card.InnerTextAsync(), "../docs/model-card-2026.11.0.md", digest, cardBytes.Length < 1024 ? $"{cardBytes.Length} B" : $"{cardBytes.Length / 1024.0:0.#} KB");
        Assert.Equal(1, await page.Locator("table.attachments tr[data-attachment='prompt system']").CountAsync());

        var view = await page.APIRequest.GetAsync($"/releases/{candidate}/attachments/model-card");
        Assert.Equal(200, view.Status);
        Assert.Equal("text/plain; charset=utf-8", view.Headers["content-type"]);
        Assert.Equal("nosniff", view.Headers["x-content-type-options"]);
        Assert.StartsWith("sandbox", view.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.StartsWith("inline", view.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal(cardBytes, await view.BodyAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => card.GetByRole(AriaRole.Link, new() { Name = "download model-card" }).ClickAsync());
        Assert.Equal("model-card-2026.11.0.md", download.SuggestedFilename);
        Assert.Equal(cardBytes, await File.ReadAllBytesAsync(await download.PathAsync()));

        // Policies with their rules and outcome, from the gate version the decision was made under (includes too).
        var latency = page.Locator("div.policy[data-policy='latency-ceiling']");
        Contains(await latency.InnerTextAsync(), "evals['support-core'].latency_ms.p95 <= 4000", "block", "95% of cases must answer within 4 seconds");
        Assert.Equal("pass", await latency.Locator(".badge").InnerTextAsync());
        Assert.Equal(1, await page.Locator("div.policy[data-policy='tool-allowlist']").CountAsync());

        // The waiver that applies, with who granted it and until when.
        var waiver = page.Locator("section.record tr[data-waiver]");
        Assert.Equal(1, await waiver.CountAsync());
        Contains(await waiver.InnerTextAsync(), "evals/support-core/slice/refunds/pass-rate", "refund copy reviewed by legal", "gwen", "in force");

        // History, newest first: the waiver turned the slice's pass rate from fail to waived; earlier the evidence arrived.
        var decisions = await server.Store.ListDecisionsAsync(candidate);
        var entries = page.Locator("ol.history > li");
        Assert.Equal(decisions.Count, await entries.CountAsync());
        Assert.Equal(decisions[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), await entries.First.GetAttributeAsync("data-decision"));
        Contains(await entries.First.InnerTextAsync(), "by gwen", "evals/support-core/slice/refunds/pass-rate: fail → waived");
        var evidenceChanges = page.Locator("ol.history li.evidence-change");
        Assert.True(await evidenceChanges.CountAsync() >= 1);
        Contains(await entries.Last.InnerTextAsync(), "First decision", decisions[0].EvidenceDigest);

        await browsing.ScreenshotAsync("decision-record");
        browsing.AssertNoIncidents();
    }

    [Fact]
    public async Task An_unknown_attachment_is_a_404_that_names_RG1693()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, $"/releases/{id}");
        var answer = await browsing.Page.GotoAsync($"/releases/{id}/attachments/security-review");
        Assert.Equal(404, answer!.Status);
        Contains(await browsing.Page.Locator("[role=alert]").InnerTextAsync(), "RG1693", "no attachment 'security-review'");
        browsing.AssertNoIncidents();
    }

    /// <summary>
    /// Registers the example gate, submits the example's baseline release (its own prompts and attachments) and makes it the
    /// workflow's baseline, then submits the candidate with the example's results: its decisions compare against 2026.10.2.
    /// </summary>
    internal static async Task<(long Candidate, long Baseline)> BaselineThenCandidateAsync(UiServer server)
    {
        await ServerApp.RegisterGateAsync(server.App, Path.Combine(UiServer.Example, "gate.yaml"), "admin");
        var ci = await server.UserAsync("ci", [], "submit");
        var baseline = await SubmitAsync(server, ci, await File.ReadAllTextAsync(Path.Combine(UiServer.Example, "releases", "baseline.yaml")), new()
        {
            ["../prompts/system-2026.10.md"] = await File.ReadAllBytesAsync(Path.Combine(UiServer.Example, "prompts", "system-2026.10.md")),
            ["../prompts/refund-policy-2026.10.md"] = await File.ReadAllBytesAsync(Path.Combine(UiServer.Example, "prompts", "refund-policy-2026.10.md")),
            ["../docs/model-card-2026.10.2.md"] = await File.ReadAllBytesAsync(Path.Combine(UiServer.Example, "docs", "model-card-2026.10.2.md")),
            ["../docs/red-team-2026.10.2.md"] = await File.ReadAllBytesAsync(Path.Combine(UiServer.Example, "docs", "red-team-2026.10.2.md")),
        });
        await using (var tx = await server.Store.BeginAsync())
        {
            // As shipping it would (ship needs every approval; the record pages only need a baseline to compare with).
            await tx.SetBaselineAsync("support-agent", baseline);
            await tx.CommitAsync();
        }

        return (await server.SubmitAsync(ci, "candidate.yaml", Path.Combine(UiServer.Example, "results")), baseline);
    }

    /// <summary>Submits a manifest with the files it names (by the path it writes) and no evidence; returns the release id.</summary>
    internal static async Task<long> SubmitAsync(UiServer server, string token, string manifest, Dictionary<string, byte[]> files)
    {
        using var client = server.Client(token);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(manifest), "manifest", "release.yaml");
        foreach (var (path, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, path, Path.GetFileName(path));
        }

        var submitted = await client.PostAsync("api/v1/workflows/support-agent/releases", form);
        Assert.True((int)submitted.StatusCode is 200 or 201, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    /// <summary>Uploads results JSONL text as one evidence run of <paramref name="release"/>.</summary>
    internal static async Task UploadAsync(UiServer server, string token, long release, string name, string jsonl)
    {
        using var client = server.Client(token);
        using var content = new StringContent(jsonl);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var uploaded = await client.PostAsync($"api/v1/releases/{release}/evidence?name={name}", content);
        Assert.True((int)uploaded.StatusCode == 201, await uploaded.Content.ReadAsStringAsync());
    }

    internal static void Contains(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }
}
