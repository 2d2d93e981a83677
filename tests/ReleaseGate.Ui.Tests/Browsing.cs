using Microsoft.Playwright;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>
/// A browser context on one server: signs people in, writes screenshots as test artifacts, and watches for what must
/// never happen on a page (a dialog, a request to anywhere but the server, a script error).
/// </summary>
internal sealed class Browsing : IAsyncDisposable
{
    private readonly List<string> _incidents = [];

    private Browsing(IBrowserContext context, IPage page, Uri server)
    {
        Context = context;
        Page = page;
        Server = server;
        page.Dialog += (_, dialog) =>
        {
            _incidents.Add($"a {dialog.Type} dialog opened: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) => _incidents.Add($"a script error: {error}");
        context.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                _incidents.Add($"a request left the server: {request.Method} {request.Url}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Uri Server { get; }

    /// <summary>Everything that should not have happened, in order.</summary>
    public IReadOnlyList<string> Incidents => _incidents;

    /// <summary>Where screenshots go: <c>$RELEASEGATE_ARTIFACTS/screenshots</c>, or <c>artifacts/screenshots</c> in the repository.</summary>
    public static string ScreenshotFolder =>
        Path.Combine(Environment.GetEnvironmentVariable("RELEASEGATE_ARTIFACTS") ?? Path.Combine(UiServer.Root(), "artifacts"), "screenshots");

    public static async Task<Browsing> OpenAsync(BrowserFixture browser, UiServer server, int width = 1280, int height = 900)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(server);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new Browsing(context, page, server.Address);
    }

    /// <summary>Signs in with <paramref name="token"/> on the sign-in page and lands on <paramref name="next"/>.</summary>
    public async Task SignInAsync(string token, string next = "/")
    {
        await Page.GotoAsync("/sign-in?next=" + Uri.EscapeDataString(next));
        await Page.GetByLabel("API token").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>Writes a screenshot named <paramref name="name"/>.png: the whole page, or what the window shows.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = fullPage });
    }

    /// <summary>Asserts that nothing that must never happen happened.</summary>
    public void AssertNoIncidents() => Assert.True(_incidents.Count == 0, string.Join(Environment.NewLine, _incidents));

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
