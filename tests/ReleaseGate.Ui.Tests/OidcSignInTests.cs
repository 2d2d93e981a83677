using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ReleaseGate.Server.Options;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>
/// Sign-in through an OIDC identity provider (authorization code with PKCE) in a real browser, against a fake provider on
/// its own loopback port.
/// </summary>
[Collection(BrowserCollection.Name)]
public class OidcSignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_person_signs_in_through_the_provider_and_lands_as_themselves_with_their_groups()
    {
        await using var idp = await FakeIdentityProvider.StartAsync();
        idp.User = "olivia";
        idp.Groups = ["support-leads"];
        idp.Consent = true;
        await using var server = await StartAsync(idp);
        var id = await PendingFixAsync(server);
        await using var browsing = await Browsing.OpenAsync(browser, server);
        var page = browsing.Page;

        // Asked for "waiting on me" without a session: the sign-in page offers the provider.
        await page.GotoAsync("/?mine=1");
        Assert.Contains("/sign-in?next=", page.Url, StringComparison.Ordinal);
        var button = page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Fake IdP" });
        Assert.Equal("/sign-in/oidc?next=%2F%3Fmine%3D1", await button.GetAttributeAsync("href"));
        await browsing.ScreenshotAsync("sign-in-oidc");

        await button.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/?mine=1", StringComparison.Ordinal));

        // Signed in as the provider's user, with the provider's groups: the release pending on support-leads waits on her.
        Assert.Equal("olivia", await page.Locator("header .who .user").InnerTextAsync());
        Assert.True(await page.Locator("#f-mine").IsCheckedAsync());
        var row = page.Locator($"a[href='/releases/{id}']");
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("approval from support-leads", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("token issued", idp.Log);
        Assert.Contains("authorize: scope 'openid review approve', method S256", idp.Log);
        Assert.Equal(1, idp.TokenRequests);

        // The session holds the provider's access token: HttpOnly, SameSite=Strict; the sign-in's own cookie is gone.
        var cookies = await browsing.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "rg_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(3, session.Value.Split('.').Length);
        Assert.DoesNotContain(cookies, c => c.Name == "rg_oidc");

        // The session opens other pages, but never the API: the API wants the token in a header.
        await row.First.ClickAsync();
        await page.WaitForURLAsync($"**/releases/{id}");
        Assert.Equal("olivia", await page.Locator("header .who .user").InnerTextAsync());
        var api = await browsing.Context.APIRequest.GetAsync("/api/v1/me");
        Assert.Equal(401, api.Status);
        using var bearer = server.Client(session.Value);
        Assert.Contains("\"olivia\"", await bearer.GetStringAsync("api/v1/me"), StringComparison.Ordinal);

        // Someone outside support-leads has nothing waiting.
        idp.Consent = false;
        idp.User = "sam";
        idp.Groups = ["finance"];
        await using var other = await Browsing.OpenAsync(browser, server);
        await other.Page.GotoAsync("/sign-in/oidc?next=%2F%3Fmine%3D1");
        await other.Page.WaitForURLAsync(url => url.EndsWith("/?mine=1", StringComparison.Ordinal));
        Assert.Equal("sam", await other.Page.Locator("header .who .user").InnerTextAsync());
        Assert.Contains("Nothing waits on you.", await other.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        AssertOnlyProviderRequests(browsing, idp);
        AssertOnlyProviderRequests(other, idp);
    }

    [Fact]
    public async Task An_answer_with_another_state_is_refused_and_its_code_never_redeemed()
    {
        await using var idp = await FakeIdentityProvider.StartAsync();
        idp.ReplaceState = true;
        await using var server = await StartAsync(idp);
        await using var browsing = await Browsing.OpenAsync(browser, server);
        var page = browsing.Page;

        await page.GotoAsync("/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Fake IdP" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/sign-in/callback?", StringComparison.Ordinal));
        var alert = await page.Locator("[role=alert]").InnerTextAsync();
        Assert.StartsWith("RG1697: the answer does not belong to the sign-in this browser started", alert, StringComparison.Ordinal);
        Assert.Equal("Sign-in not verified · ReleaseGate", await page.TitleAsync());
        Assert.Equal(0, idp.TokenRequests);
        Assert.DoesNotContain(await browsing.Context.CookiesAsync(), c => c.Name is "rg_session" or "rg_oidc");

        // A forged link with no sign-in started in this browser is refused the same way, before any code is redeemed.
        var forged = await page.GotoAsync("/sign-in/callback?code=stolen&state=" + new string('a', 32));
        Assert.Equal(400, forged!.Status);
        Assert.StartsWith("RG1697: this browser has no sign-in waiting for an answer", await page.Locator("[role=alert]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, idp.TokenRequests);

        // The page offers the way back.
        Assert.Equal("/sign-in/oidc", await page.GetByRole(AriaRole.Link, new() { Name = "Start the sign-in again" }).GetAttributeAsync("href"));
        AssertOnlyProviderRequests(browsing, idp);
    }

    [Fact]
    public async Task A_code_verifier_that_does_not_match_the_challenge_is_refused_by_the_provider_and_the_page_says_so()
    {
        await using var idp = await FakeIdentityProvider.StartAsync();
        idp.ReplaceChallenge = true;
        await using var server = await StartAsync(idp);
        await using var browsing = await Browsing.OpenAsync(browser, server);
        var page = browsing.Page;

        await page.GotoAsync("/sign-in/oidc?next=%2Freleases");
        await page.WaitForURLAsync(url => url.Contains("/sign-in/callback?", StringComparison.Ordinal));
        var alert = await page.Locator("[role=alert]").InnerTextAsync();
        Assert.StartsWith("RG1696: the identity provider refused to redeem the sign-in's code (invalid_grant: PKCE verification failed: the code_verifier does not match the code_challenge)", alert, StringComparison.Ordinal);
        Assert.Equal(1, idp.TokenRequests);
        Assert.Contains("token refused: invalid_grant: PKCE verification failed: the code_verifier does not match the code_challenge", idp.Log);
        Assert.DoesNotContain(await browsing.Context.CookiesAsync(), c => c.Name is "rg_session" or "rg_oidc");
        Assert.Equal("/sign-in/oidc?next=%2Freleases", await page.GetByRole(AriaRole.Link, new() { Name = "Start the sign-in again" }).GetAttributeAsync("href"));

        // Without the switch the same browser signs in: the check is the provider's, and the verifier was the right one.
        idp.ReplaceChallenge = false;
        await page.GetByRole(AriaRole.Link, new() { Name = "Start the sign-in again" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/releases", StringComparison.Ordinal));
        Assert.Equal("olivia", await page.Locator("header .who .user").InnerTextAsync());
        AssertOnlyProviderRequests(browsing, idp);
    }

    [Fact]
    public async Task The_provider_s_access_denied_is_shown_as_text_and_nothing_is_signed_in()
    {
        await using var idp = await FakeIdentityProvider.StartAsync();
        idp.Deny = "The user declined <img src=x onerror=alert(1)>";
        await using var server = await StartAsync(idp);
        await using var browsing = await Browsing.OpenAsync(browser, server);
        var page = browsing.Page;

        await page.GotoAsync("/sign-in/oidc");
        await page.WaitForURLAsync(url => url.Contains("/sign-in/callback?", StringComparison.Ordinal));
        var alert = await page.Locator("[role=alert]").InnerTextAsync();
        Assert.StartsWith("RG1696: the identity provider did not sign you in (access_denied: The user declined <img src=x onerror=alert(1)>).", alert, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Equal("Sign-in refused · ReleaseGate", await page.TitleAsync());
        Assert.Equal(0, idp.TokenRequests);
        Assert.DoesNotContain(await browsing.Context.CookiesAsync(), c => c.Name is "rg_session" or "rg_oidc");
        Assert.Equal("/sign-in?next=%2F", await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with an API token instead" }).GetAttributeAsync("href"));
        AssertOnlyProviderRequests(browsing, idp);
    }

    [Fact]
    public async Task An_access_token_for_another_audience_is_refused_as_the_api_refuses_it()
    {
        await using var idp = await FakeIdentityProvider.StartAsync();
        idp.AccessTokenAudience = "another-service";
        await using var server = await StartAsync(idp);
        await using var browsing = await Browsing.OpenAsync(browser, server);
        var page = browsing.Page;

        await page.GotoAsync("/sign-in/oidc");
        await page.WaitForURLAsync(url => url.Contains("/sign-in/callback?", StringComparison.Ordinal));
        var alert = await page.Locator("[role=alert]").InnerTextAsync();
        Assert.StartsWith("RG1697: the access token is not valid for this server (IDX10214: Audience validation failed", alert, StringComparison.Ordinal);
        Assert.Contains("the audience 'releasegate'", alert, StringComparison.Ordinal);
        Assert.Equal(1, idp.TokenRequests);
        Assert.DoesNotContain(await browsing.Context.CookiesAsync(), c => c.Name is "rg_session" or "rg_oidc");
        AssertOnlyProviderRequests(browsing, idp);
    }

    /// <summary>
    /// Registers the example and submits its fix (2026.11.1) with the fix's results and attachments, as CI does: the
    /// release passes its checks and is pending on its approval stages, support-leads' among them.
    /// </summary>
    private static async Task<long> PendingFixAsync(UiServer server)
    {
        await ServerApp.RegisterGateAsync(server.App, Path.Combine(UiServer.Example, "gate.yaml"), "admin");
        var ci = await server.UserAsync("ci", [], "submit");
        using var client = server.Client(ci);
        using var form = new MultipartFormDataContent();
        var releases = Path.Combine(UiServer.Example, "releases");
        form.Add(new StringContent(await File.ReadAllTextAsync(Path.Combine(releases, "fix.yaml"))), "manifest", "fix.yaml");
        foreach (var file in new[] { "../prompts/system-2026.11.1.md", "../docs/model-card-2026.11.1.md", "../docs/red-team-2026.11.1.md" })
        {
            var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(releases, file)));
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(bytes, file, Path.GetFileName(file));
        }

        var submitted = await client.PostAsync("api/v1/workflows/support-agent/releases", form);
        Assert.True((int)submitted.StatusCode is 200 or 201, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        foreach (var name in new[] { "support-core.jsonl", "regressions.jsonl" })
        {
            await using var stream = File.OpenRead(Path.Combine(UiServer.Example, "results", "fix", name));
            using var content = new StreamContent(stream);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            var uploaded = await client.PostAsync($"api/v1/releases/{id}/evidence?name={name}", content);
            Assert.True((int)uploaded.StatusCode == 201, await uploaded.Content.ReadAsStringAsync());
        }

        var release = await client.GetFromJsonAsync<JsonObject>($"api/v1/releases/{id}");
        Assert.Equal("pending", release!["state"]!.GetValue<string>());
        return id;
    }

    private static async Task<UiServer> StartAsync(FakeIdentityProvider idp)
    {
        var server = await UiServer.StartAsync(o => Configure(o.Oidc, idp));
        idp.RedirectUri = new Uri(server.Address, "/sign-in/callback").ToString();
        return server;
    }

    internal static void Configure(OidcOptions oidc, FakeIdentityProvider idp)
    {
        oidc.Issuer = idp.Issuer;
        oidc.Authority = idp.Issuer;
        oidc.Audience = FakeIdentityProvider.Audience;
        oidc.ClientId = FakeIdentityProvider.ClientId;
        oidc.ClientSecret = FakeIdentityProvider.ClientSecret;
        oidc.Scopes = "openid review approve";
        oidc.ProviderName = "Fake IdP";
    }

    // The browser goes to the provider and back: those requests are the only ones that may leave the server.
    private static void AssertOnlyProviderRequests(Browsing browsing, FakeIdentityProvider idp)
    {
        var others = browsing.Incidents.Where(i => !i.StartsWith("a request left the server: GET " + idp.Issuer + "/authorize?", StringComparison.Ordinal)
            && i != $"a request left the server: POST {idp.Issuer}/authorize/allow").ToList();
        Assert.True(others.Count == 0, string.Join(Environment.NewLine, others));
    }
}
