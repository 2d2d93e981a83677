using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// The Control Center served by the real <c>releasegate serve</c> process: on CI that is the Native AOT executable, so this
/// proves the pages render without the JIT. The link <c>submit</c> prints opens the release's page once signed in.
/// </summary>
public partial class ControlCenterProcessTests
{
    [Fact]
    public async Task The_link_submit_prints_opens_the_decision_page_after_signing_in_with_a_token()
    {
        using var folder = new TempFolder();
        var example = Path.Combine(CliProcess.RepositoryRoot(), "examples", "support-agent");
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        CliProcess.Outcome Run(params string[] args) => CliProcess.Run(folder.Path, null, [.. args, "--server", server.Url, "--token", admin]);
        Assert.Equal(0, Run("workflow", "register", "--gate", Path.Combine(example, "gate.yaml")).ExitCode);
        var submitted = Run("submit", "--release", Path.Combine(example, "releases", "candidate.yaml"),
            "--results", Path.Combine(example, "results", "support-core.jsonl"), Path.Combine(example, "results", "regressions.jsonl"));
        var link = LinkLine().Match(submitted.Stdout);
        Assert.True(link.Success, submitted.Stdout);
        Assert.StartsWith(server.Url.TrimEnd('/') + "/releases/", link.Value, StringComparison.Ordinal);

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri(server.Url) };

        // Without a session the page sends the browser to sign in, and comes back after.
        using var first = await browser.GetAsync(link.Value);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/sign-in?next=", first.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var form = await browser.GetStringAsync(first.Headers.Location);
        var csrf = CsrfField().Match(form).Groups[1].Value;
        using var signIn = await browser.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = csrf,
            ["token"] = admin,
            ["next"] = new Uri(link.Value).AbsolutePath,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(new Uri(link.Value).AbsolutePath, signIn.Headers.Location!.OriginalString);

        using var page = await browser.GetAsync(signIn.Headers.Location);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'none'; script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("Blocked: 2 checks fail.", html, StringComparison.Ordinal);
        Assert.Contains("data-check=\"evals/support-core/slice/refunds/no-regression\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);

        var stylesheet = Regex.Match(html, "href=\"(/assets/app\\.css\\?v=[0-9a-f]+)\"").Groups[1].Value;
        using var css = await browser.GetAsync(stylesheet);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }

    [GeneratedRegex(@"http://\S+/releases/\d+")]
    private static partial Regex LinkLine();

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
