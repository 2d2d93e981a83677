using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>Every page passes axe with no serious or critical violation, and is usable at 360 px without scrolling sideways.</summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task Every_page_has_no_serious_axe_violation_and_fits_a_360_px_screen()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads", "support-experts"], "review", "approve");
        string[] pages = ["/", $"/releases/{id}"];

        foreach (var width in new[] { 1280, 360 })
        {
            await using var browsing = await Browsing.OpenAsync(browser, server, width, 800);
            await browsing.Page.GotoAsync("/sign-in");
            await AssertAccessibleAsync(browsing.Page, "/sign-in", width);
            await browsing.SignInAsync(lead);
            foreach (var path in pages)
            {
                await browsing.Page.GotoAsync(path);
                await AssertAccessibleAsync(browsing.Page, path, width);
            }

            if (width == 360)
            {
                await browsing.Page.GotoAsync($"/releases/{id}");
                await browsing.ScreenshotAsync("decision-360");
            }

            browsing.AssertNoIncidents();
        }
    }

    private static async Task AssertAccessibleAsync(IPage page, string path, int width)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path} at {width}px: {v.Id} ({v.Impact}): {v.Help} - {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));

        // Usable at 360 px: the page itself never scrolls sideways (wide tables scroll inside their own box).
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{path} at {width}px scrolls sideways by {overflow}px");
    }
}
