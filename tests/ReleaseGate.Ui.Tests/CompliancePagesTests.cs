using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>
/// Compliance findings in a real browser: a workflow whose shipped release uses a deprecated model, a manual run started from
/// the page by a member of the owner group, the finding listed, acknowledged by its owner and refused to someone else.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CompliancePagesTests(BrowserFixture browser)
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: medium
        evals:
          - suite: core
            min_pass_rate: 0.8
        compliance:
          schedule: "0 6 * * *"
          block: [high]
          policies:
            - id: supported-model
              rule: "release.model != 'model-old'"
              severity: high
              owner: governance
              message: the model is deprecated <script>alert(1)</script>
        """;

    [Fact]
    public async Task A_finding_opened_by_a_run_from_the_page_is_acknowledged_and_resolved_by_its_owner_and_refused_to_another()
    {
        await using var server = await UiServer.StartAsync();
        var release = await ShippedAsync(server, "model-old");
        var owner = await server.UserAsync("gus", ["governance"], "approve");
        var other = await server.UserAsync("lena", ["leads"], "approve");

        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(owner, "/compliance");
        var page = browsing.Page;
        Assert.Contains("No unresolved findings.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // The owner group's member starts a run: it opens one finding, listed with its facts.
        await page.GetByRole(AriaRole.Button, new() { Name = "Run demo's compliance policies now" }).ClickAsync();
        await page.WaitForURLAsync("**/compliance?workflow=demo&done=compliance-run");
        var finding = Assert.Single(await server.Store.ListFindingsAsync("demo", null, null, 10, CancellationToken.None));
        var row = page.Locator($"tr[data-finding='{finding.Id}']");
        var text = await row.InnerTextAsync();
        foreach (var part in (string[])["open", "high", "demo", "1.0.0", "supported-model", "governance", "the model is deprecated <script>alert(1)</script>", "blocks new releases"])
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }

        Assert.Equal($"/releases/{release}", await row.GetByRole(AriaRole.Link, new() { Name = "1.0.0" }).GetAttributeAsync("href"));
        var run = page.Locator("section[data-workflow='demo'] tr[data-run]");
        Assert.Equal(1, await run.CountAsync());
        StringAssert(await run.InnerTextAsync(), "manual", "gus", "1 × 1");
        await LedgerPagesTests.AssertAccessibleAsync(page, "/compliance");
        await browsing.ScreenshotAsync("compliance");

        // Another approver who is not in the owner group sees no form, and the API refuses the same post.
        await using (var outsider = await Browsing.OpenAsync(browser, server))
        {
            await outsider.SignInAsync(other, $"/compliance/findings/{finding.Id}");
            Assert.Equal("open", await outsider.Page.Locator("#finding-state").InnerTextAsync());
            Assert.Equal(0, await outsider.Page.Locator("form[data-action]").CountAsync());
            Assert.Contains("A member of governance, or an admin", await outsider.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            var csrf = await outsider.Page.Locator("input[name='csrf']").First.InputValueAsync();
            var refused = await outsider.Page.APIRequest.PostAsync($"/compliance/findings/{finding.Id}/acknowledge", new()
            {
                Form = BankPagesTests.FormOf(outsider.Page, ("csrf", csrf), ("note", "on it")),
            });
            Assert.Equal(403, refused.Status);
            StringAssert(await refused.TextAsync(), "RG1609", "owned by &#x27;governance&#x27;, and lena is not a member");
            Assert.Equal(FindingState.Open, (await server.Store.GetFindingAsync(finding.Id))!.State);
            outsider.AssertNoIncidents();
        }

        // The owner acknowledges it on its page (the link the scheduler's notifications carry).
        await row.GetByRole(AriaRole.Link, new() { Name = $"#{finding.Id}" }).ClickAsync();
        await page.WaitForURLAsync($"**/compliance/findings/{finding.Id}");
        var acknowledge = page.Locator("form[data-action='acknowledge']");
        await acknowledge.GetByLabel("What is being done about it").FillAsync("moving to model-new this week");
        await acknowledge.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await page.WaitForURLAsync($"**/compliance/findings/{finding.Id}?done=finding-acknowledged");
        Assert.Equal("Finding acknowledged.", await page.Locator("p.notice").InnerTextAsync());
        Assert.Equal("acknowledged", await page.Locator("#finding-state").InnerTextAsync());
        StringAssert(await page.Locator("#finding-ack").InnerTextAsync(), "by gus", "moving to model-new this week");
        Assert.Equal(0, await page.Locator("form[data-action='acknowledge']").CountAsync());
        Assert.Equal(1, await page.Locator("form[data-action='resolve']").CountAsync());
        await LedgerPagesTests.AssertAccessibleAsync(page, $"/compliance/findings/{finding.Id}");

        var stored = (await server.Store.GetFindingAsync(finding.Id))!;
        Assert.Equal((FindingState.Acknowledged, "gus", "moving to model-new this week"), (stored.State, stored.AcknowledgedBy, stored.AckNote));
        var ledger = await server.Store.ListLedgerBySubjectAsync($"release/demo/{release}");
        Assert.Equal("gus", ledger.Single(e => e.Type == LedgerEvents.FindingAcknowledged).Actor);

        // Then resolves it: it leaves the unresolved list, and its page says how.
        var resolve = page.Locator("form[data-action='resolve']");
        await resolve.GetByLabel("How it was resolved").FillAsync("1.0.1 on model-new shipped");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await page.WaitForURLAsync($"**/compliance/findings/{finding.Id}?done=finding-resolved");
        Assert.Equal("resolved", await page.Locator("#finding-state").InnerTextAsync());
        StringAssert(await page.Locator("#finding-resolution").InnerTextAsync(), "by gus", "1.0.1 on model-new shipped");
        Assert.Equal(0, await page.Locator("form[data-action]").CountAsync());
        Assert.Equal((FindingState.Resolved, "gus"), ((await server.Store.GetFindingAsync(finding.Id))!.State, (await server.Store.GetFindingAsync(finding.Id))!.ResolvedBy));
        await page.GotoAsync("/compliance");
        Assert.Equal(0, await page.Locator("tr[data-finding]").CountAsync());
        await page.GotoAsync("/compliance?state=resolved");
        Assert.Equal(1, await page.Locator($"tr[data-finding='{finding.Id}']").CountAsync());
        browsing.AssertNoIncidents();
    }

    /// <summary>Registers the demo gate, then submits a release on <paramref name="model"/> with passing evidence and ships it.</summary>
    internal static async Task<long> ShippedAsync(UiServer server, string model)
    {
        using (var admin = server.Client(server.AdminToken))
        {
            var registered = await admin.PutAsync("api/v1/workflows/demo", new StringContent(Gate, Encoding.UTF8, "application/yaml"));
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        var manifest = $"""
            apiVersion: releasegate/v1
            kind: Release
            workflow: demo
            version: "1.0.0"
            components:
              model: {model}
            """;
        var submitted = await ci.PostAsync("api/v1/workflows/demo/releases", new StringContent(manifest, Encoding.UTF8, "application/yaml"));
        Assert.True((int)submitted.StatusCode == 201, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        var lines = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            lines.Append($$"""{"suite":"core","case":"c{{i}}","pass":true}""").Append('\n');
        }

        using var evidence = new StringContent(lines.ToString(), Encoding.UTF8);
        evidence.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var uploaded = await ci.PostAsync($"api/v1/releases/{id}/evidence", evidence);
        Assert.True((int)uploaded.StatusCode is 200 or 201, await uploaded.Content.ReadAsStringAsync());
        var shipped = await ci.PostAsJsonAsync($"api/v1/releases/{id}/ship", new { });
        Assert.True(shipped.IsSuccessStatusCode, await shipped.Content.ReadAsStringAsync());
        return id;
    }

    private static void StringAssert(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }
}
