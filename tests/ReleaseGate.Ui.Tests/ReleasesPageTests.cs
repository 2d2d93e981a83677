using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The releases page: state, age and what each release waits for, with its filters.</summary>
[Collection(BrowserCollection.Name)]
public class ReleasesPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Releases_show_what_they_wait_for_and_filter_by_state_and_by_who_is_waited_on()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var security = await server.UserAsync("sam", ["security-team"], "review", "approve");
        var outsider = await server.UserAsync("olga", ["finance"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(security);
        var page = browsing.Page;

        var row = page.Locator($"tr[data-release='{id}']");
        Assert.Equal("blocked", await row.Locator(".badge").InnerTextAsync());
        Assert.Equal("just now", await row.Locator("time").InnerTextAsync());
        Assert.Equal("a fix: evals/support-core/slice/refunds/pass-rate, evals/support-core/slice/refunds/no-regression", await row.Locator("td").Nth(3).InnerTextAsync());
        Assert.Equal($"/releases/{id}", await row.GetByRole(AriaRole.Link, new() { Name = "2026.11.0" }).GetAttributeAsync("href"));
        await browsing.ScreenshotAsync("releases");

        // The security stage waits for sam's group, so the release waits on sam.
        await page.GetByLabel("Waiting on me").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        Assert.Contains("mine=1", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("tr[data-release]").CountAsync());

        await page.GotoAsync("/releases?state=shipped");
        Assert.Equal(0, await page.Locator("tr[data-release]").CountAsync());
        Assert.Equal("No releases match.", await page.Locator("main p.muted").Last.InnerTextAsync());
        Assert.Equal("shipped", await page.Locator("#f-state").InputValueAsync());

        await page.GotoAsync("/releases?state=blocked&workflow=support-agent");
        Assert.Equal(1, await page.Locator("tr[data-release]").CountAsync());
        browsing.AssertNoIncidents();

        // Nothing waits on someone outside every group the release needs.
        await using var other = await Browsing.OpenAsync(browser, server);
        await other.SignInAsync(outsider, "/releases?mine=1");
        Assert.Equal(0, await other.Page.Locator("tr[data-release]").CountAsync());
        Assert.Equal("Nothing waits on you.", await other.Page.Locator("main p.muted").Last.InnerTextAsync());
    }
}
