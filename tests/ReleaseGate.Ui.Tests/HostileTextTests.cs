using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>
/// Untrusted text stays text: outputs, inputs, reasons, manifest values, case ids and uploaded files carrying script, event
/// handlers, <c>javascript:</c> links, markdown injections and an attribute breaker are shown literally on the decision and
/// case pages, no dialog opens, no request leaves the server, and no element carrying them exists.
/// </summary>
[Collection(BrowserCollection.Name)]
public class HostileTextTests(BrowserFixture browser)
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "<img src=x onerror=alert(1)>";
    private const string JavaScriptLink = "<a href=\"javascript:alert(1)\">click</a> javascript:alert(1)";
    private const string MarkdownLink = "[x](javascript:alert(1))";
    private const string MarkdownImage = "![x](http://evil.example/x.png)";
    private const string Breaker = "\"><svg onload=alert(1)>";
    private const string CaseId = "x\"><svg onload=alert(1)>";

    private static readonly string[] Hostile = [Script, Image, JavaScriptLink, MarkdownLink, MarkdownImage, Breaker];

    // Everything a page must never hold when these strings are shown as text.
    private const string Forbidden =
        "script:not([src]), script[src*='evil'], img, svg[onload], svg:not(.chart), [onerror], [onload], a[href^='javascript:'], iframe, object, embed";

    [Fact]
    public async Task Hostile_outputs_inputs_and_files_stay_inert_text_on_the_case_and_decision_pages()
    {
        await using var server = await UiServer.StartAsync();
        await ServerApp.RegisterGateAsync(server.App, Path.Combine(UiServer.Example, "gate.yaml"), "admin");
        var ci = await server.UserAsync("ci", [], "submit");
        var manifest = $$"""
            apiVersion: releasegate/v1
            kind: Release
            workflow: support-agent
            version: "2026.12.0"
            components:
              model: {{Json(Breaker)}}
              prompts:
                system: ../prompts/hostile.md
              tools: [search_kb]
              config:
                note: {{Json(Script)}}
                link: {{Json(MarkdownLink)}}
                image: {{Json(MarkdownImage)}}
            attachments:
              model-card: ../docs/card.html
              red-team-report: ../docs/red-team.md
            """;
        var card = $"<!doctype html><html><body>{string.Concat(Hostile)}</body></html>";
        var id = await RecordPageTests.SubmitAsync(server, ci, manifest, new()
        {
            ["../prompts/hostile.md"] = Encoding.UTF8.GetBytes(string.Join('\n', Hostile)),
            ["../docs/card.html"] = Encoding.UTF8.GetBytes(card),
            ["../docs/red-team.md"] = Encoding.UTF8.GetBytes("nothing found"),
        });

        // A long multi-line output (2 KB and more) holding every hostile string, on both sides.
        var output = string.Join('\n', Enumerable.Range(0, 90).Select(i => $"line {i}: {Hostile[i % Hostile.Length]}"));
        Assert.True(output.Length > 2048);
        var lines = new StringBuilder();
        foreach (var target in new[] { "candidate", "baseline" })
        {
            lines.AppendLine(new JsonObject
            {
                ["suite"] = "support-core",
                ["case"] = CaseId,
                ["target"] = target,
                ["severity"] = "critical",
                ["pass"] = target == "baseline",
                ["output"] = output,
                ["vars"] = new JsonObject { ["message"] = Image, ["note"] = MarkdownImage },
                ["prompt"] = $"{MarkdownLink} {Script}",
                ["latency_ms"] = 812,
                ["tool_calls"] = new JsonArray(new JsonObject { ["name"] = Script, ["arguments"] = new JsonObject { ["q"] = Breaker }.ToJsonString(Relaxed) }),
                ["assertions"] = new JsonArray(new JsonObject { ["type"] = "contains", ["pass"] = target == "baseline", ["reason"] = $"{Image} {JavaScriptLink} {MarkdownImage}" }),
            }.ToJsonString());
        }

        await RecordPageTests.UploadAsync(server, ci, id, "hostile.jsonl", lines.ToString());
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, $"/releases/{id}");
        var page = browsing.Page;

        // The decision page: the case id in the severity check's case list, the manifest's values in the record.
        var severity = page.Locator("section.check[data-check='severity/critical']");
        RecordPageTests.Contains(await severity.InnerTextAsync(), $"support-core/{CaseId}");
        RecordPageTests.Contains(await page.Locator("table.components").InnerTextAsync(), Breaker, Script, MarkdownLink, MarkdownImage);
        await AssertInertAsync(page);

        // The case page, reached through the check's link (the id is escaped into one path segment).
        await severity.GetByRole(AriaRole.Link, new() { Name = $"support-core/{CaseId}" }).ClickAsync();
        Assert.Equal($"support-core/{CaseId}", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(output, await page.Locator("[data-side='candidate'] pre.output").InnerTextAsync());
        Assert.Equal(output, await page.Locator("[data-side='baseline'] pre.output").InnerTextAsync());
        RecordPageTests.Contains(await page.Locator("pre[data-input='vars']").InnerTextAsync(), Image, MarkdownImage);
        RecordPageTests.Contains(await page.Locator("pre[data-input='prompt']").InnerTextAsync(), MarkdownLink, Script);
        RecordPageTests.Contains(await page.Locator("ol.tool-calls").First.InnerTextAsync(), Script, Breaker);
        RecordPageTests.Contains(await page.Locator("td.reason").First.InnerTextAsync(), Image, JavaScriptLink, MarkdownImage);
        await AssertInertAsync(page);

        // An attachment holding HTML is served as text, sandboxed, and the browser shows its source.
        var view = await page.APIRequest.GetAsync($"/releases/{id}/attachments/model-card");
        Assert.Equal("text/plain; charset=utf-8", view.Headers["content-type"]);
        Assert.Equal("nosniff", view.Headers["x-content-type-options"]);
        Assert.StartsWith("sandbox", view.Headers["content-security-policy"], StringComparison.Ordinal);
        await page.GotoAsync($"/releases/{id}/attachments/model-card");
        Assert.Equal("text/plain", await page.EvaluateAsync<string>("document.contentType"));
        Assert.Equal(card, await page.Locator("body").InnerTextAsync());
        await page.GotoAsync($"/releases/{id}/prompts/system");
        Assert.Equal("text/plain", await page.EvaluateAsync<string>("document.contentType"));
        await AssertInertAsync(page);
        browsing.AssertNoIncidents();
    }

    private static async Task AssertInertAsync(IPage page)
    {
        // Let anything that could fire (an image's onerror, an svg's onload) have its chance first.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(0, await page.Locator(Forbidden).CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name) || /javascript:/i.test(a.value))).length"));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(string text) => JsonValue.Create(text).ToJsonString();
}
