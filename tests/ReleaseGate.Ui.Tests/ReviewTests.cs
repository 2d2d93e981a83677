using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The review queue in a real browser: the queue's counts, and a reviewer who judges items with the keyboard alone.</summary>
[Collection(BrowserCollection.Name)]
public partial class ReviewTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_reviewer_takes_items_and_gives_verdicts_with_the_keyboard_alone_and_the_verdicts_are_recorded()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var ed = await server.UserAsync("ed", ["support-experts"], "review");
        var open = (await server.Store.ListOpenReviewItemsAsync("support-experts", null, 1000)).Count;
        Assert.True(open >= 20, $"{open} open items");

        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(ed, "/reviews");
        var page = browsing.Page;
        var row = page.Locator("tr[data-group='support-experts'][data-workflow='support-agent']");
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["support-experts", "support-agent", open.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", open.ToString(System.Globalization.CultureInfo.InvariantCulture)], cells.Take(5));
        Assert.Contains($"{open} items wait for you", await page.Locator("#queue-summary").InnerTextAsync(), StringComparison.Ordinal);
        await browsing.ScreenshotAsync("review-queue");
        await ActTests.AssertAccessibleAsync(page);

        // n takes the next item.
        await page.Keyboard.PressAsync("n");
        await page.WaitForURLAsync(ItemUrl());
        var given = new List<(long Item, bool Pass, string Comment)>();
        for (var i = 0; i < 3; i++)
        {
            var item = long.Parse(ItemUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotContain(given, g => g.Item == item);

            // Everything a reviewer needs is on the page: why it was sampled, how to judge, the case, the outputs and their assertions.
            var reason = await page.Locator("#item-facts dd[data-reason]").GetAttributeAsync("data-reason");
            Assert.Contains("How to judge", await page.Locator("#instructions").InnerTextAsync(), StringComparison.Ordinal);
            Assert.NotEmpty((await page.Locator("section.outputs.candidate pre.output").First.InnerTextAsync()).Trim());
            Assert.True(await page.Locator("section.outputs.candidate ul.assertions li").CountAsync() > 0);
            Assert.Contains("support-core", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("pass", await page.Locator("#shortcuts").InnerTextAsync(), StringComparison.Ordinal);
            if (i == 0)
            {
                await browsing.ScreenshotAsync("review-item");
                await ActTests.AssertAccessibleAsync(page);
            }

            var pass = reason != "failure";
            var comment = pass ? $"Correct and polite ({i})." : $"Offers store credit instead of a refund ({i}).";
            await page.Keyboard.PressAsync(pass ? "p" : "f");
            Assert.True(await page.Locator(pass ? "#verdict-pass" : "#verdict-fail").IsCheckedAsync());
            await page.Keyboard.PressAsync("c");
            Assert.Equal("verdict-comment", await page.EvaluateAsync<string>("() => document.activeElement.id"));
            await page.Keyboard.TypeAsync(comment);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.Contains("done=verdict-next", StringComparison.Ordinal) && !url.Contains($"/items/{item}?", StringComparison.Ordinal));
            Assert.Contains("Your verdict is recorded. This is the next item.", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
            given.Add((item, pass, comment));
        }

        var verdicts = (await server.Store.ListReviewVerdictsAsync(id)).Where(v => v.Reviewer == "ed").OrderBy(v => v.Id).ToList();
        Assert.Equal(given, verdicts.Select(v => (v.ItemId, v.Pass, v.Comment)).ToList());
        var ledger = (await server.Store.ListLedgerBySubjectAsync($"release/support-agent/{id}")).Where(e => e.Type == Storage.LedgerEvents.ReviewVerdictGiven).ToList();
        Assert.Equal(3, ledger.Count);
        Assert.All(ledger, e => Assert.Equal("ed", e.Actor));

        // The release's page sends a reviewer to the queue.
        await page.GotoAsync($"/releases/{id}");
        Assert.Equal("/reviews", await page.Locator("p.review-link").GetByRole(AriaRole.Link, new() { Name = "Open your review queue" }).GetAttributeAsync("href"));
        var notOffered = await page.Locator("ul.not-offered li").AllInnerTextsAsync();
        Assert.Equal(1, notOffered.Count(l => l == "Approve or reject a stage: your token lacks the 'approve' scope."));
        await page.GoBackAsync();

        // At 360 px the item page does not scroll sideways.
        await page.SetViewportSizeAsync(360, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "the item page scrolls sideways at 360 px");

        // The item just taken is held for ed: the queue counts the three judged items out of ed's.
        await page.GotoAsync("/reviews");
        Assert.Equal((open - 3).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("tr[data-group='support-experts'] td").Nth(4).InnerTextAsync());
        browsing.AssertNoIncidents();
    }

    [Fact]
    public async Task A_fail_without_a_comment_is_refused_with_the_api_problem_and_a_non_member_is_not_offered_a_verdict()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var eve = await server.UserAsync("eve", ["support-experts"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(eve, "/reviews");
        var page = browsing.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Take the next item", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(ItemUrl());
        var item = ItemUrl().Match(page.Url).Groups[1].Value;

        // Without a comment a fail is refused by the API, and nothing is recorded.
        await page.Locator("#verdict-fail").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit and take the next" }).ClickAsync();
        var problem = await page.Locator("[role=alert]").InnerTextAsync();
        Assert.Contains("RG1601", problem, StringComparison.Ordinal);
        Assert.Contains("comment", problem, StringComparison.Ordinal);
        Assert.Empty(await server.Store.ListReviewVerdictsAsync(id));

        // Someone outside the item's group sees the item, and is told why no verdict is offered.
        var sam = await server.UserAsync("sam", ["security-team"], "review");
        await using var other = await Browsing.OpenAsync(browser, server);
        await other.SignInAsync(sam, $"/reviews/items/{item}");
        Assert.Equal(0, await other.Page.Locator("form.verdict-form").CountAsync());
        Assert.Equal("Not offered to you: this item is reviewed by support-experts, and you are not a member.", await other.Page.Locator("#verdict-refused").InnerTextAsync());
        browsing.AssertNoIncidents();
        other.AssertNoIncidents();
    }

    [Fact]
    public async Task Without_javascript_the_plain_buttons_take_an_item_and_record_a_verdict()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var ed = await server.UserAsync("ed", ["support-experts"], "review");
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in?next=%2Freviews");
        await page.GetByLabel("API token").FillAsync(ed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/reviews");

        await page.GetByRole(AriaRole.Button, new() { Name = "Take the next item of support-experts in support-agent" }).ClickAsync();
        await page.WaitForURLAsync(ItemUrl());
        var item = long.Parse(ItemUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("workflow=support-agent", page.Url, StringComparison.Ordinal);
        await page.Locator("#verdict-fail").CheckAsync();
        await page.Locator("#verdict-comment").FillAsync("Gives the wrong return window.");
        await page.Locator("#verdict-severity").SelectOptionAsync("high");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit and take the next" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=verdict-next", StringComparison.Ordinal));
        Assert.DoesNotContain($"/items/{item}?", page.Url, StringComparison.Ordinal);

        var verdict = Assert.Single(await server.Store.ListReviewVerdictsAsync(id));
        Assert.Equal((item, "ed", false, "high", "Gives the wrong return window."), (verdict.ItemId, verdict.Reviewer, verdict.Pass, verdict.Severity, verdict.Comment));

        // Giving the item now held back puts it in the queue again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Give it back to the queue" }).ClickAsync();
        await page.WaitForURLAsync("**/reviews?done=given-back");
        Assert.Contains("The item is back in its queue.", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"/reviews/items/(\d+)")]
    private static partial Regex ItemUrl();
}
