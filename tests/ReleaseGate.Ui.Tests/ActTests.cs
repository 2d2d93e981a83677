using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>
/// The decision page's actions in a real browser, on the example's blocked candidate: approvals by the right people, a
/// refusal shown as the API's problem, a waiver within the gate's limits, and shipping; the store is read after each step.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ActTests(BrowserFixture browser)
{
    private const string Refunds = "evals/support-core/slice/refunds/*";

    [Fact]
    public async Task A_product_owner_approves_security_is_refused_a_stage_not_theirs_a_waiver_is_granted_and_the_release_ships()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var store = server.Store;
        var pat = await server.UserAsync("pat", ["support-leads"], "approve");
        var sam = await server.UserAsync("sam", ["security-team"], "approve");
        var gwen = await server.UserAsync("gwen", ["ai-governance"], "approve");
        var gus = await server.UserAsync("gus", ["ai-governance"], "approve");
        var rio = await server.UserAsync("rio", ["release-managers"], "submit");
        var ed = await server.UserAsync("ed", ["support-experts"], "review");
        var eve = await server.UserAsync("eve", ["support-experts"], "review");
        Assert.Equal(ReleaseState.Blocked, (await store.GetReleaseAsync(id))!.State);

        // The product owner sees the product stage's form, and only it; the other stages say why they are not offered.
        await using (var browsing = await Browsing.OpenAsync(browser, server))
        {
            await browsing.SignInAsync(pat, $"/releases/{id}");
            var page = browsing.Page;
            Assert.Equal(["product"], await StagesOffered(page));
            var notOffered = await page.Locator("ul.not-offered").InnerTextAsync();
            Assert.Contains("stage security: it is decided by members of security-team, and you are not one.", notOffered, StringComparison.Ordinal);
            Assert.Contains("Waive: they are granted by members of ai-governance, and you are not one.", notOffered, StringComparison.Ordinal);
            Assert.Contains("Ship: offered once the release is approved.", notOffered, StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("form[data-action='waive'] select").CountAsync());

            var product = page.Locator("form[data-stage='product']");
            await product.GetByLabel("Comment").FillAsync("Refund wording reviewed with the support leads.");
            await product.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await page.WaitForURLAsync($"**/releases/{id}?done=approved");
            Assert.Contains("Your approval is recorded", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Empty(await StagesOffered(page));
            var productCheck = await page.Locator("section.check[data-check='approvals/product']").TextContentAsync() ?? "";
            Assert.Contains("approved by pat", productCheck, StringComparison.Ordinal);
            browsing.AssertNoIncidents();
        }

        var approvals = await store.ListApprovalsAsync(id);
        var given = Assert.Single(approvals);
        Assert.Equal(("product", "pat", ApprovalVerdict.Approve, "Refund wording reviewed with the support leads."), (given.Stage, given.Actor, given.Verdict, given.Comment));
        var entry = Assert.Single(await Ledger(store, id, LedgerEvents.ApprovalGiven));
        Assert.Equal("pat", entry.Actor);

        // A security reviewer is offered the security stage only; a form posted for the product stage is refused by the API.
        await using (var browsing = await Browsing.OpenAsync(browser, server))
        {
            await browsing.SignInAsync(sam, $"/releases/{id}");
            var page = browsing.Page;
            Assert.Equal(["security"], await StagesOffered(page));
            var csrf = await page.Locator("form[data-stage='security'] input[name='csrf']").InputValueAsync();
            await page.EvaluateAsync(@"([action, csrf]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = action;
                for (const [name, value] of [['csrf', csrf], ['stage', 'product'], ['comment', 'Looks fine to me.'], ['verdict', 'approve']]) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }", new[] { $"/releases/{id}/approvals", csrf });
            await page.WaitForURLAsync($"**/releases/{id}/approvals");
            var problem = await page.Locator("[role=alert]").InnerTextAsync();
            Assert.Contains("RG1609", problem, StringComparison.Ordinal);
            Assert.Contains("stage 'product' is decided by members of 'support-leads', and sam is not one", problem, StringComparison.Ordinal);
            Assert.DoesNotContain(await store.ListApprovalsAsync(id), a => a.Actor == "sam");

            await page.GotoAsync($"/releases/{id}");
            var security = page.Locator("form[data-stage='security']");
            await security.GetByLabel("Comment").FillAsync("The new tool is read-only; no data leaves the tenant.");
            await security.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await page.WaitForURLAsync($"**/releases/{id}?done=approved");
            browsing.AssertNoIncidents();
        }

        Assert.Contains(await store.ListApprovalsAsync(id), a => a is { Stage: "security", Actor: "sam", Verdict: ApprovalVerdict.Approve });

        // Governance may waive: the limits are shown, the critical rule too, and the refunds checks are waived together.
        await using (var browsing = await Browsing.OpenAsync(browser, server))
        {
            await browsing.SignInAsync(gwen, $"/releases/{id}");
            var page = browsing.Page;
            var waive = page.Locator("form[data-action='waive']");
            var limits = await waive.Locator("ul.limits").InnerTextAsync();
            Assert.Contains("Granted and revoked by members of ai-governance.", limits, StringComparison.Ordinal);
            Assert.Contains("Runs at most 14d (waivers.max_duration).", limits, StringComparison.Ordinal);
            Assert.Contains("Critical-severity failures cannot be waived", limits, StringComparison.Ordinal);
            var options = await waive.Locator("select[name='check'] option").AllInnerTextsAsync();
            Assert.Contains($"{Refunds} (the 2 failing checks under it)", options);
            Assert.Contains("evals/support-core/slice/refunds/no-regression", options);
            await browsing.ScreenshotAsync("actions");
            await AssertAccessibleAsync(page);

            await waive.GetByLabel("Check").SelectOptionAsync(Refunds);
            await waive.GetByLabel("Reason").FillAsync("Refund wording fix ships next week; the regressed cases are tracked in SUP-812.");
            await waive.GetByRole(AriaRole.Button, new() { Name = "Grant the waiver" }).ClickAsync();
            await page.WaitForURLAsync($"**/releases/{id}?done=waiver-granted");
            Assert.Equal("pending", await page.Locator("#verdict").GetAttributeAsync("data-verdict"));
            var shown = page.Locator("div.waiver");
            Assert.Contains(Refunds, await shown.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await shown.Locator("form[data-action='revoke']").CountAsync());

            var governance = page.Locator("form[data-stage='governance']");
            await governance.GetByLabel("Comment").FillAsync("Risk accepted with the waiver above.");
            await governance.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await page.WaitForURLAsync($"**/releases/{id}?done=approved");
            Assert.Contains("1 of 2 approvals from ai-governance (gwen)", await page.Locator("section.check[data-check='approvals/governance']").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("stage governance: you approved it on this evidence already; one person counts once.", await page.Locator("ul.not-offered").InnerTextAsync(), StringComparison.Ordinal);
            browsing.AssertNoIncidents();
        }

        var waiver = Assert.Single(await store.ListWaiversAsync("support-agent"));
        Assert.Equal((Refunds, "gwen", (await store.GetReleaseAsync(id))!.Digest), (waiver.Check, waiver.GrantedBy, waiver.Release));
        Assert.InRange(waiver.Expires - waiver.GrantedAt, TimeSpan.FromDays(6), TimeSpan.FromDays(7));
        Assert.Equal("gwen", Assert.Single(await Ledger(store, null, LedgerEvents.WaiverGranted, "workflow/support-agent")).Actor);
        Assert.Equal(ReleaseState.Pending, (await store.GetReleaseAsync(id))!.State);

        // The rest through the API: the second governance approval and the expert review (each reviewer agrees with the checks).
        using (var client = server.Client(gus))
        {
            var voted = await client.PostAsJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "Second governance sign-off." });
            Assert.Equal(HttpStatusCode.OK, voted.StatusCode);
        }

        var reviewed = 0;
        foreach (var reviewer in new[] { ed, eve })
        {
            reviewed += await ReviewAllAsync(server, reviewer);
        }

        Assert.True(reviewed >= 40, $"{reviewed} verdicts");
        Assert.Equal(ReleaseState.Approved, (await store.GetReleaseAsync(id))!.State);

        // A release manager ships it from the page.
        await using (var browsing = await Browsing.OpenAsync(browser, server))
        {
            await browsing.SignInAsync(rio, $"/releases/{id}");
            var page = browsing.Page;
            Assert.Equal("approved", await page.Locator("#verdict").GetAttributeAsync("data-verdict"));
            await page.Locator("form[data-action='ship']").GetByRole(AriaRole.Button, new() { Name = "Ship this release" }).ClickAsync();
            await page.WaitForURLAsync($"**/releases/{id}?done=shipped");
            Assert.Contains("Shipped: the release is now the workflow's baseline.", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Nothing: the release is shipped", await page.Locator("section.act").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("section.act form").CountAsync());
            browsing.AssertNoIncidents();
        }

        Assert.Equal(ReleaseState.Shipped, (await store.GetReleaseAsync(id))!.State);
        Assert.Equal(id, (await store.GetWorkflowAsync("support-agent"))!.BaselineReleaseId);
        Assert.Equal("rio", Assert.Single(await Ledger(store, id, LedgerEvents.ReleaseShipped)).Actor);
        Assert.Equal(
            [("governance", "gus"), ("governance", "gwen"), ("product", "pat"), ("security", "sam")],
            (await store.ListApprovalsAsync(id)).Where(a => a.Verdict == ApprovalVerdict.Approve).Select(a => (a.Stage, a.Actor)).Order().ToList());
    }

    [Fact]
    public async Task A_waiver_is_revoked_from_the_page_and_a_grant_beyond_the_longest_expiry_is_refused_with_the_api_problem()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var gwen = await server.UserAsync("gwen", ["ai-governance"], "approve");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(gwen, $"/releases/{id}");
        var page = browsing.Page;

        await page.SetViewportSizeAsync(360, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "the decision page with its actions scrolls sideways at 360 px");
        await page.SetViewportSizeAsync(1280, 900);

        var waive = page.Locator("form[data-action='waive']");
        await waive.GetByLabel("Check").SelectOptionAsync(Refunds);
        await waive.GetByLabel("Reason").FillAsync("Too long a waiver.");
        var tooLate = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await waive.GetByLabel("Expires (UTC)").EvaluateAsync("(input, value) => { input.removeAttribute('max'); input.value = value; }", tooLate);
        await waive.GetByRole(AriaRole.Button, new() { Name = "Grant the waiver" }).ClickAsync();
        var problem = await page.Locator("[role=alert]").InnerTextAsync();
        Assert.Contains("RG1614", problem, StringComparison.Ordinal);
        Assert.Contains("longer than the gate's waivers.max_duration of 14d", problem, StringComparison.Ordinal);
        Assert.Empty(await server.Store.ListWaiversAsync("support-agent", includeRevoked: true));

        await page.GotoAsync($"/releases/{id}");
        await waive.GetByLabel("Check").SelectOptionAsync(Refunds);
        await waive.GetByLabel("Reason").FillAsync("Short exception while the fix is tested.");
        await waive.GetByRole(AriaRole.Button, new() { Name = "Grant the waiver" }).ClickAsync();
        await page.WaitForURLAsync($"**/releases/{id}?done=waiver-granted");
        Assert.Equal("pending", await page.Locator("#verdict").GetAttributeAsync("data-verdict"));

        var revoke = page.Locator("div.waiver form[data-action='revoke']");
        await revoke.GetByLabel("Why revoke it").FillAsync("The fix did not hold.");
        await revoke.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.WaitForURLAsync($"**/releases/{id}?done=waiver-revoked");
        Assert.Equal("blocked", await page.Locator("#verdict").GetAttributeAsync("data-verdict"));
        Assert.Equal(0, await page.Locator("div.waiver").CountAsync());

        var waiver = Assert.Single(await server.Store.ListWaiversAsync("support-agent", includeRevoked: true));
        Assert.Equal(("gwen", "The fix did not hold."), (waiver.RevokedBy, waiver.RevokeReason));
        Assert.Equal(ReleaseState.Blocked, (await server.Store.GetReleaseAsync(id))!.State);
        Assert.Equal("gwen", Assert.Single(await Ledger(server.Store, null, LedgerEvents.WaiverRevoked, "workflow/support-agent")).Actor);
        browsing.AssertNoIncidents();
    }

    [Fact]
    public async Task The_submitter_is_not_offered_a_vote_and_a_rejection_closes_the_release()
    {
        await using var server = await UiServer.StartAsync();
        await ServerApp.RegisterGateAsync(server.App, Path.Combine(UiServer.Example, "gate.yaml"), "admin");
        var lee = await server.UserAsync("lee", ["support-leads"], "submit", "approve");
        var pat = await server.UserAsync("pat", ["support-leads"], "approve");
        var id = await server.SubmitAsync(lee, "candidate.yaml", Path.Combine(UiServer.Example, "results"));

        await using (var browsing = await Browsing.OpenAsync(browser, server))
        {
            await browsing.SignInAsync(lee, $"/releases/{id}");
            Assert.Empty(await StagesOffered(browsing.Page));
            Assert.Contains("Approve or reject stage product: you submitted this release (separation of duties).",
                await browsing.Page.Locator("ul.not-offered").InnerTextAsync(), StringComparison.Ordinal);
            browsing.AssertNoIncidents();
        }

        await using (var browsing = await Browsing.OpenAsync(browser, server))
        {
            await browsing.SignInAsync(pat, $"/releases/{id}");
            var page = browsing.Page;
            var product = page.Locator("form[data-stage='product']");
            await product.GetByLabel("Comment").FillAsync("Refunds regressed: not with this wording.");
            await product.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
            await page.WaitForURLAsync($"**/releases/{id}?done=rejected");
            Assert.Contains("Your rejection is recorded", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
            Assert.StartsWith("Rejected:", await page.Locator("#verdict").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Nothing: the release is rejected", await page.Locator("section.act").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("section.act form").CountAsync());
            browsing.AssertNoIncidents();
        }

        Assert.Equal(ReleaseState.Rejected, (await server.Store.GetReleaseAsync(id))!.State);
        var vote = Assert.Single(await server.Store.ListApprovalsAsync(id));
        Assert.Equal(("product", "pat", ApprovalVerdict.Reject), (vote.Stage, vote.Actor, vote.Verdict));
        Assert.Equal("pat", Assert.Single(await Ledger(server.Store, id, LedgerEvents.ApprovalRejected)).Actor);
    }

    /// <summary>Asserts that axe finds no serious or critical violation on the page as it stands.</summary>
    internal static async Task AssertAccessibleAsync(IPage page)
    {
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
    }

    private static async Task<List<string>> StagesOffered(IPage page)
    {
        var stages = new List<string>();
        foreach (var form in await page.Locator("form[data-action='vote']").AllAsync())
        {
            stages.Add(await form.GetAttributeAsync("data-stage") ?? "");
        }

        return stages;
    }

    private static async Task<List<LedgerEntry>> Ledger(IGateStore store, long? release, string type, string? subject = null) =>
        (await store.ListLedgerBySubjectAsync(subject ?? $"release/support-agent/{release}")).Where(e => e.Type == type).ToList();

    /// <summary>Takes and judges every item the reviewer is handed: a sampled failure fails, anything else passes.</summary>
    internal static async Task<int> ReviewAllAsync(UiServer server, string token)
    {
        using var client = server.Client(token);
        var given = 0;
        while (true)
        {
            var next = await client.PostAsJsonAsync("api/v1/reviews/next", new { });
            if (next.StatusCode == HttpStatusCode.NoContent)
            {
                return given;
            }

            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!["item"]!;
            var fails = (string?)item["reason"] == "failure";
            var verdict = await client.PostAsJsonAsync($"api/v1/reviews/{(long)item["id"]!}/verdicts",
                new { verdict = fails ? "fail" : "pass", comment = fails ? "Agrees with the failed checks." : "Reads well." });
            Assert.True(verdict.IsSuccessStatusCode, await verdict.Content.ReadAsStringAsync());
            given++;
        }
    }
}
