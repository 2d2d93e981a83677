using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The case page: input, candidate and baseline side by side, assertions, bank history.</summary>
[Collection(BrowserCollection.Name)]
public class CasePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Refund_004_shows_both_outputs_side_by_side_with_the_assertions_reasons()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, $"/releases/{id}");
        var page = browsing.Page;

        // The decision page's case link leads here.
        await page.Locator("section.check[data-check='evals/support-core/slice/refunds/no-regression']").GetByRole(AriaRole.Link, new() { Name = "refund-004" }).ClickAsync();
        await page.WaitForURLAsync($"**/releases/{id}/cases/refund-004");
        Assert.Equal("support-core/refund-004", await page.Locator("h1").InnerTextAsync());
        RecordPageTests.Contains(await page.Locator("dl.facts").First.InnerTextAsync(), "support-core", "order cancelled before shipping", "refunds", "medium",
            "0 of 3 executions passed", "3 of 3 executions passed");

        // The input from the gate's suite file: the template and the case's variables.
        RecordPageTests.Contains(await page.Locator("pre[data-input='vars']").InnerTextAsync(), "\"order_id\": \"NW-898867\"", "Where is my refund of $322.05?");
        RecordPageTests.Contains(await page.Locator("#input ~ pre").First.InnerTextAsync(), "Customer {{customer}}");

        // Three repeats, each a row with the candidate's and the baseline's result side by side.
        var rows = page.Locator("div.side-by-side");
        Assert.Equal(3, await rows.CountAsync());
        var first = rows.First;
        var candidate = first.Locator("[data-side='candidate']");
        var baseline = first.Locator("[data-side='baseline']");
        Assert.Equal("Order NW-898867 was cancelled. We've turned the $322.05 into store credit so you can reorder faster.", await candidate.Locator("pre.output").InnerTextAsync());
        RecordPageTests.Contains(await baseline.Locator("pre.output").InnerTextAsync(), "the refund of $322.05 was issued automatically", "5–10 business days");
        Assert.Equal("fail", await candidate.Locator("h4 .badge").InnerTextAsync());
        Assert.Equal("pass", await baseline.Locator("h4 .badge").InnerTextAsync());
        var left = await candidate.BoundingBoxAsync();
        var right = await baseline.BoundingBoxAsync();
        Assert.True(left!.Y == right!.Y && left.X + left.Width <= right.X, $"candidate at {left.X},{left.Y} and baseline at {right.X},{right.Y} are not side by side");

        // Each assertion's verdict and reason.
        var reasons = await candidate.Locator("table.assertions").InnerTextAsync();
        RecordPageTests.Contains(reasons, "not-icontains", "Expected the output not to contain \"store credit\", ignoring case, but it does", "llm-rubric", "The judge graded the output pass");
        Assert.Equal(2, await candidate.Locator("table.assertions .badge.s-fail").CountAsync());
        Assert.Equal(0, await baseline.Locator("table.assertions .badge.s-fail").CountAsync());
        RecordPageTests.Contains(await candidate.Locator("dl.facts").InnerTextAsync(), "Latency", "ms", "Score", "0.58");

        RecordPageTests.Contains(await page.Locator("#bank + p").InnerTextAsync(), "not in the workflow's regression bank");
        await browsing.ScreenshotAsync("case");

        // At 360 px the two sides stack and the page does not scroll sideways.
        await page.SetViewportSizeAsync(360, 800);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the case page scrolls sideways at 360 px");
        browsing.AssertNoIncidents();
    }

    [Fact]
    public async Task A_case_is_found_as_suite_slash_case_and_a_bank_case_shows_its_events_and_replays()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, $"/releases/{id}");
        var page = browsing.Page;

        // Severity checks name cases as suite/case; both the escaped and the plain slash resolve.
        foreach (var path in new[] { $"/releases/{id}/cases/support-core%2Frefund-004", $"/releases/{id}/cases/support-core/refund-004" })
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(200, answer!.Status);
            Assert.Equal("support-core/refund-004", await page.Locator("h1").InnerTextAsync());
            Assert.Equal(3, await page.Locator("div.side-by-side").CountAsync());
        }

        // A case of the regression bank: its provenance, its events, and how each release that replayed it fared.
        var bankCase = (await server.Store.ReadBankAsync("support-agent").FirstAsync()).CaseId;
        await page.GotoAsync($"/releases/{id}/cases/{bankCase}");
        Assert.Equal($"regressions/{bankCase}", await page.Locator("h1").InnerTextAsync());
        var section = page.Locator($"section.bank-case[data-bank-case='{bankCase}']");
        RecordPageTests.Contains(await section.InnerTextAsync(), "this case is in the regression bank", "Source", "Added by", "Events", "added", "Replayed by releases", "2026.11.0");

        var missing = await page.GotoAsync($"/releases/{id}/cases/refund-999");
        Assert.Equal(404, missing!.Status);
        RecordPageTests.Contains(await page.Locator("[role=alert]").InnerTextAsync(), "RG1693", "no case 'refund-999'");
        browsing.AssertNoIncidents();
    }
}
