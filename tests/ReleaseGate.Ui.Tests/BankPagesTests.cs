using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ReleaseGate.Core.Bank;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The regression bank's pages in a real browser, over the example's bank of 12 cases.</summary>
[Collection(BrowserCollection.Name)]
public class BankPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_bank_lists_the_example_cases_with_their_last_replay_and_a_lead_quarantines_one()
    {
        await using var server = await UiServer.StartAsync();
        var (release, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review", "approve");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, "/bank");
        var page = browsing.Page;

        // Every case of the bank, each with the outcome the decision on the example release recorded for it.
        var rows = page.Locator("section[data-workflow='support-agent'] tr[data-case]");
        Assert.Equal(12, await rows.CountAsync());
        var stored = new List<string>();
        await foreach (var banked in server.Store.ReadBankAsync("support-agent"))
        {
            stored.Add(banked.CaseId);
        }

        Assert.Equal(stored, await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.case)"));
        var decision = JsonNode.Parse((await server.Store.GetLatestDecisionAsync(release))!.DecisionJson)!;
        var recorded = decision["bank"]!["cases"]!.AsArray().ToDictionary(c => (string)c!["case"]!, c => (string)c!["candidate"]!);
        Assert.Equal(12, recorded.Count);
        foreach (var (id, outcome) in recorded)
        {
            Assert.Equal(outcome, await page.Locator($"tr[data-case='{id}'] [data-outcome]").GetAttributeAsync("data-outcome"));
        }

        var incident = page.Locator("tr[data-case='inc-2291']");
        Assert.Equal("active", await incident.Locator(".badge").First.InnerTextAsync());
        Assert.Contains("INC-2291", await incident.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("maria.keller", await incident.InnerTextAsync(), StringComparison.Ordinal);
        await LedgerPagesTests.AssertAccessibleAsync(page, "/bank");
        await browsing.ScreenshotAsync("bank");

        // The case page: its input, expectations, provenance, its one event so far, and its replay in the example release.
        await incident.GetByRole(AriaRole.Link, new() { Name = "inc-2291" }).ClickAsync();
        await page.WaitForURLAsync("**/bank/support-agent/inc-2291");
        var body = await page.Locator("main").InnerTextAsync();
        foreach (var part in (string[])["tool-not-called", "issue_refund", "30 days", "INC-2291", "refunded orders up to 140 days after delivery"])
        {
            Assert.Contains(part, body, StringComparison.Ordinal);
        }

        var events = page.Locator("table.events tbody tr");
        Assert.Equal(1, await events.CountAsync());
        Assert.Contains("active", await events.First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator($"table.history tr[data-release='{release}']").CountAsync());

        // Quarantine it through the form: the API's handler records it, the page says so, and the event history grows.
        var quarantine = page.Locator("form[data-action='quarantined']");
        await quarantine.GetByLabel("Reason").FillAsync("flaky on the refund tool mock <b>until</b> it is fixed");
        await quarantine.GetByRole(AriaRole.Button, new() { Name = "Quarantine" }).ClickAsync();
        await page.WaitForURLAsync("**/bank/support-agent/inc-2291?done=bank-quarantined");
        Assert.Contains("quarantined", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("quarantined", await page.Locator("#case-state").InnerTextAsync());
        Assert.Equal(2, await events.CountAsync());
        Assert.Contains("flaky on the refund tool mock <b>until</b> it is fixed", await events.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        var row = await server.Store.GetBankCaseAsync("support-agent", "inc-2291");
        Assert.Equal((BankState.Quarantined, "pat"), (row!.State, row.QuarantineOwner));
        Assert.Equal("flaky on the refund tool mock <b>until</b> it is fixed", row.QuarantineReason);
        await LedgerPagesTests.AssertAccessibleAsync(page, "/bank/support-agent/inc-2291");
        await browsing.ScreenshotAsync("bank-case");

        // The list filtered by state shows that one case.
        await page.GotoAsync("/bank?workflow=support-agent&state=quarantined");
        Assert.Equal(["inc-2291"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.case)"));
        browsing.AssertNoIncidents();
    }

    [Fact]
    public async Task A_reader_without_the_approve_scope_sees_the_case_but_no_form_and_a_forged_post_changes_nothing()
    {
        await using var server = await UiServer.StartAsync();
        await server.ExampleAsync();
        var reader = await server.UserAsync("rita", ["support-experts"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(reader, "/bank/support-agent/inc-2304");
        var page = browsing.Page;
        Assert.Equal("active", await page.Locator("#case-state").InnerTextAsync());
        Assert.Equal(0, await page.Locator("form[data-action]").CountAsync());

        // The same post the form would make, with the page's own CSRF token: refused by the scope check, nothing written.
        var csrf = await page.Locator("input[name='csrf']").First.InputValueAsync();
        var response = await page.APIRequest.PostAsync("/bank/support-agent/inc-2304/state", new()
        {
            Form = FormOf(page, ("csrf", csrf), ("state", "retired"), ("reason", "not needed")),
        });
        Assert.Equal(403, response.Status);
        Assert.Contains("RG1609", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(BankState.Active, (await server.Store.GetBankCaseAsync("support-agent", "inc-2304"))!.State);
        browsing.AssertNoIncidents();
    }

    [Fact]
    public async Task A_form_shown_before_someone_else_changed_the_case_is_refused_as_a_concurrent_change()
    {
        await using var server = await UiServer.StartAsync();
        await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "approve");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, "/bank/support-agent/rev-0412");
        var page = browsing.Page;

        // Another lead quarantines the case through the API while the page is open.
        using (var other = server.Client(await server.UserAsync("lee", ["support-leads"], "approve")))
        {
            var quarantined = await other.PostAsJsonAsync("api/v1/workflows/support-agent/bank/rev-0412/state",
                new { state = "quarantined", reason = "flaky since the tool mock changed", owner = "lee", until = DateTimeOffset.UtcNow.AddDays(7) });
            Assert.True(quarantined.IsSuccessStatusCode, await quarantined.Content.ReadAsStringAsync());
        }

        var retire = page.Locator("form[data-action='retired']");
        await retire.GetByLabel("Reason").FillAsync("no longer relevant");
        await retire.GetByRole(AriaRole.Button, new() { Name = "Retire" }).ClickAsync();
        await page.WaitForURLAsync("**/bank/support-agent/rev-0412/state");
        StringAssert(await page.Locator("[role=alert]").InnerTextAsync(), "RG1615", "someone changed it after this page was shown");
        var events = await server.Store.ListBankEventsAsync((await server.Store.GetBankCaseAsync("support-agent", "rev-0412"))!.Id);
        Assert.Equal(["added", "flaky since the tool mock changed"], events.Select(e => e.Reason));
        browsing.AssertNoIncidents();
    }

    private static void StringAssert(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }

    internal static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
