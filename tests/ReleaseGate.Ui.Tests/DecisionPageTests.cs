using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The decision page of the example's blocked candidate, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class DecisionPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_example_blocked_decision_shows_the_refunds_regression_first_and_its_chart()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review", "approve");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead, $"/releases/{id}");

        var page = browsing.Page;
        var verdict = page.Locator("#verdict");
        Assert.Equal("blocked", await verdict.GetAttributeAsync("data-verdict"));
        Assert.StartsWith("Blocked: 2 checks fail.", await verdict.InnerTextAsync(), StringComparison.Ordinal);

        // Failing checks come first, the refunds regression among them, with its measured figures and its cases.
        var first = page.Locator("section.check").First;
        Assert.Equal("fail", await first.Locator(".badge").InnerTextAsync());
        var regression = page.Locator("section.check[data-check='evals/support-core/slice/refunds/no-regression']");
        StringAssert(await regression.InnerTextAsync(), "12 cases that passed on the baseline now fail", "Measured: regressed", "refund-004");
        Assert.Equal($"/releases/{id}/cases/refund-004", await regression.GetByRole(AriaRole.Link, new() { Name = "refund-004" }).GetAttributeAsync("href"));

        // The chart draws refunds with both pass rates, marks it failing, and gives the paired counts.
        var refunds = page.Locator("svg.chart[data-suite='support-core'] g[data-slice='refunds']");
        Assert.Equal("failing", await refunds.GetAttributeAsync("class"));
        StringAssert(await refunds.TextContentAsync() ?? "", "76.7%", "95.0%", "−12 / +1 paired");
        Assert.Equal(2, await refunds.Locator("rect").CountAsync());
        await browsing.ScreenshotAsync("decision");
        await browsing.ScreenshotAsync("decision-top", fullPage: false);
        browsing.AssertNoIncidents();
    }

    [Fact]
    public async Task A_page_without_a_session_sends_the_browser_to_sign_in_and_back()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.Page.GotoAsync($"/releases/{id}");
        Assert.Contains("/sign-in?next=", browsing.Page.Url, StringComparison.Ordinal);

        await browsing.Page.GetByLabel("API token").FillAsync("rg_not-a-token");
        await browsing.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.Contains("RG1691", await browsing.Page.Locator("[role=alert]").InnerTextAsync(), StringComparison.Ordinal);

        await browsing.Page.GetByLabel("API token").FillAsync(lead);
        await browsing.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await browsing.Page.WaitForURLAsync($"**/releases/{id}");
        var cookie = (await browsing.Context.CookiesAsync()).Single(c => c.Name == "rg_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        await browsing.ScreenshotAsync("sign-in-done");
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
