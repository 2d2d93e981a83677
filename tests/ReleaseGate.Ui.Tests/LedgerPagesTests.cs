using Deque.AxeCore.Playwright;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The ledger's timelines and its Verify form in a real browser, on an intact store and on one altered through SQL.</summary>
[Collection(BrowserCollection.Name)]
public class LedgerPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_example_release_timeline_shows_its_submission_and_decisions_and_verify_reports_the_chain_intact()
    {
        await using var server = await UiServer.StartAsync();
        var (release, _) = await server.ExampleAsync();
        var auditor = await server.UserAsync("aude", [], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(auditor, $"/ledger?release={release}");
        var page = browsing.Page;

        // Exactly the release's entries, in order, each with its hash as stored.
        var stored = await server.Store.ListLedgerBySubjectAsync($"release/support-agent/{release}");
        var rows = page.Locator("table.ledger tbody tr");
        Assert.Equal(stored.Select(e => e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.seq)"));
        var submitted = stored.Single(e => e.Type == LedgerEvents.ReleaseSubmitted);
        var submission = page.Locator($"tr#e-{submitted.Seq}");
        StringAssert(await submission.InnerTextAsync(), "release.submitted", "ci", "version: 2026.11.0", submitted.Hash);
        var decisions = stored.Where(e => e.Type == LedgerEvents.DecisionChanged).ToList();
        Assert.NotEmpty(decisions);
        Assert.Equal(decisions.Count, await page.Locator("tr[data-type='decision.changed']").CountAsync());
        StringAssert(await page.Locator($"tr#e-{decisions[^1].Seq}").InnerTextAsync(), "verdict: blocked");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        var verification = page.Locator("#verification");
        Assert.Equal("true", await verification.GetAttributeAsync("data-intact"));
        var head = await server.Store.GetLedgerHeadAsync();
        StringAssert(await verification.InnerTextAsync(), $"Intact: {head!.Seq} entries verified", head.Hash);
        Assert.Equal(stored.Count, await rows.CountAsync());   // the same timeline, shown again with the result
        await AssertAccessibleAsync(page, "/ledger/verify");
        await browsing.ScreenshotAsync("ledger");

        // The workflow's timeline holds the gate's registration, the bank's cases and the release's entries.
        await page.GotoAsync("/ledger?workflow=support-agent");
        Assert.Equal(1, await page.Locator("tr[data-type='gate.registered']").CountAsync());
        Assert.Equal(12, await page.Locator("tr[data-type='bank.added']").CountAsync());
        Assert.Equal(1, await page.Locator($"tr#e-{submitted.Seq}").CountAsync());
        browsing.AssertNoIncidents();

        // At 360 px, the bank, compliance and ledger pages scroll only inside their tables, never the page body; axe finds nothing serious.
        await using var narrow = await Browsing.OpenAsync(browser, server, width: 360, height: 740);
        await narrow.SignInAsync(auditor, "/bank");
        foreach (var path in (string[])["/bank", "/bank/support-agent/inc-2291", "/compliance", $"/ledger?release={release}", "/ledger?workflow=support-agent", "/ledger"])
        {
            await narrow.Page.GotoAsync(path);
            await AssertAccessibleAsync(narrow.Page, path);
        }

        narrow.AssertNoIncidents();
    }

    /// <summary>No serious or critical axe violation, and no sideways scroll of the page itself.</summary>
    internal static async Task AssertAccessibleAsync(IPage page, string path)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Id} ({v.Impact}): {v.Help} - {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), $"{path} scrolls sideways");
    }

    [Fact]
    public async Task Verify_names_the_entry_changed_through_SQL()
    {
        string? database = null;
        await using var server = await UiServer.StartAsync(o => database = o.Database);
        var (release, _) = await server.ExampleAsync();
        var submitted = (await server.Store.ListLedgerBySubjectAsync($"release/support-agent/{release}")).Single(e => e.Type == LedgerEvents.ReleaseSubmitted);
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP TRIGGER ledger_no_update; UPDATE ledger SET actor = 'mallory' WHERE seq = {submitted.Seq};";
            await command.ExecuteNonQueryAsync();
        }

        var auditor = await server.UserAsync("aude", [], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(auditor, $"/ledger?release={release}");
        var page = browsing.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        var verification = page.Locator("#verification");
        Assert.Equal("false", await verification.GetAttributeAsync("data-intact"));
        StringAssert(await verification.InnerTextAsync(), $"Broken: ledger entry {submitted.Seq} does not verify (HashMismatch)", $"{submitted.Seq - 1} entries before it verified");
        Assert.Equal("broken", await page.Locator($"tr#e-{submitted.Seq}").GetAttributeAsync("class"));
        StringAssert(await page.Locator($"tr#e-{submitted.Seq}").InnerTextAsync(), "broken", "mallory");
        Assert.Equal(0, await page.Locator("tr.broken").Nth(1).CountAsync());
        await AssertAccessibleAsync(page, "/ledger/verify (broken)");
        await browsing.ScreenshotAsync("ledger-broken");
        browsing.AssertNoIncidents();
    }

    private static void StringAssert(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }
}
