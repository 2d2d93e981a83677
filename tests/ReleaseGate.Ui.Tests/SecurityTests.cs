using System.Net;
using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The session and its forms: CSRF refused every way it can come, the cookie useless against the API.</summary>
[Collection(BrowserCollection.Name)]
public class SecurityTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_form_posted_without_the_csrf_token_or_from_another_origin_is_refused_and_changes_nothing()
    {
        await using var server = await UiServer.StartAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead);
        var cookie = (await browsing.Context.CookiesAsync()).Single(c => c.Name == "rg_session").Value;
        var csrf = await browsing.Page.Locator("form[action='/sign-out'] input[name=csrf]").GetAttributeAsync("value");

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = server.Address };
        async Task<HttpResponseMessage> PostAsync(string? token, string? origin = null, string? site = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/sign-out")
            {
                Content = new FormUrlEncodedContent(token is null ? [] : new Dictionary<string, string> { ["csrf"] = token }),
            };
            request.Headers.Add("Cookie", $"rg_session={cookie}");
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            if (site is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", site);
            }

            return await client.SendAsync(request);
        }

        foreach (var (token, origin, site) in new (string?, string?, string?)[]
        {
            (null, null, null),
            ("not-the-token", null, null),
            (UiSessionToken(csrf), "http://evil.example", null),
            (UiSessionToken(csrf), null, "cross-site"),
        })
        {
            using var refused = await PostAsync(token, origin, site);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("RG1690", body, StringComparison.Ordinal);
            Assert.False(refused.Headers.TryGetValues("Set-Cookie", out _), "a refused form must not end the session");
        }

        // The same form with its token, from the page's own origin, does act.
        using var accepted = await PostAsync(csrf, server.Address.GetLeftPart(UriPartial.Authority), "same-origin");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains(accepted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rg_session=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_on_another_site_that_submits_a_form_here_does_not_act_for_the_signed_in_person()
    {
        await using var server = await UiServer.StartAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        await using var browsing = await Browsing.OpenAsync(browser, server);
        await browsing.SignInAsync(lead);

        // A hostile page on another origin posts the sign-out form with a guessed token: SameSite=Strict keeps the session
        // cookie off the request, and the token would not match anyway.
        var target = new Uri(server.Address, "/sign-out");
        await browsing.Page.RouteAsync("http://evil.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<form method=post action=\"{target}\"><input name=csrf value=guess></form><script>document.forms[0].submit()</script>",
        }));
        var response = await browsing.Page.RunAndWaitForResponseAsync(() => browsing.Page.GotoAsync("http://evil.example/"), r => r.Url == target.ToString());
        Assert.Equal(401, response.Status);
        Assert.Contains("RG1692", await browsing.Page.ContentAsync(), StringComparison.Ordinal);

        // Still signed in.
        await browsing.Page.GotoAsync("/");
        Assert.EndsWith("/", browsing.Page.Url, StringComparison.Ordinal);
        Assert.Equal("pat", await browsing.Page.Locator("header .user").InnerTextAsync());
    }

    [Fact]
    public async Task The_session_cookie_does_not_authenticate_the_api_and_pages_carry_the_security_headers()
    {
        await using var server = await UiServer.StartAsync();
        var (id, _) = await server.ExampleAsync();
        var lead = await server.UserAsync("pat", ["support-leads"], "review");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = server.Address };

        using var api = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/releases/{id}");
        api.Headers.Add("Cookie", $"rg_session={lead}");
        using var refused = await client.SendAsync(api);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var page = new HttpRequestMessage(HttpMethod.Get, $"/releases/{id}");
        page.Headers.Add("Cookie", $"rg_session={lead}");
        using var shown = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            shown.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", shown.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", shown.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-store", shown.Headers.CacheControl!.ToString());
        Assert.DoesNotContain("<script>", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A sign-in form without its own token (another site signing the browser in as someone else) is refused.
        using var signIn = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = lead, ["csrf"] = "x" }));
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out _));
    }

    private static string UiSessionToken(string? csrf) => csrf ?? throw new InvalidOperationException("the page has no sign-out form");
}
