using System.Text;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// A Control Center page: the shared shell (navigation, who is signed in, sign-out) around a body, sent as HTML with the
/// headers every page carries (<see cref="ControlCenter.SecurityHeaders"/>).
/// </summary>
internal sealed class Page(string title, UiRequest? request, int status = StatusCodes.Status200OK) : IResult
{
    /// <summary>The body, written after the shell's opening; the shell closes it.</summary>
    public Html Body { get; } = new();

    /// <summary>Which navigation entry is current (<c>releases</c>, <c>reviews</c>, <c>bank</c>, <c>compliance</c>, <c>ledger</c>).</summary>
    public string? Section { get; init; }

    private static readonly (string Key, string Path, string Text)[] Navigation =
    [
        ("releases", "/", "Releases"),
        ("reviews", "/reviews", "Reviews"),
        ("bank", "/bank", "Regression bank"),
        ("compliance", "/compliance", "Compliance"),
        ("ledger", "/ledger", "Ledger"),
    ];

    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var html = new Html(Body.Length + 4096);
        html.Open("html", ("lang", "en"));
        html.Open("head").Void("meta", ("charset", "utf-8"))
            .Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
            .Tag("title", $"{title} · ReleaseGate")
            .Void("link", ("rel", "stylesheet"), ("href", Assets.Url("app.css")))
            .Open("script", ("src", Assets.Url("app.js")), ("defer", "")).Close("script")
            .Close("head");
        html.Open("body").Link("#main", "Skip to content", ("class", "skip"));
        html.Open("header", ("class", "top")).Link("/", "ReleaseGate", ("class", "brand"));
        if (request is not null)
        {
            html.Open("nav", ("aria-label", "Main")).Open("ul");
            foreach (var (key, path, label) in Navigation)
            {
                html.Open("li").Link(path, label, ("aria-current", key == Section ? "page" : null)).Close("li");
            }

            html.Close("ul").Close("nav");
            html.Open("div", ("class", "who")).Tag("span", request.Caller.User, ("class", "user"));
            request.Form(html, "/sign-out", ("class", "inline")).Tag("button", "Sign out", ("type", "submit"), ("class", "link")).Close("form");
            html.Close("div");
        }

        html.Close("header");
        html.Open("main", ("id", "main")).Tag("h1", title);
        if (UiNotices.Text(httpContext.Request.Query["done"]) is { } notice)
        {
            html.Tag("p", notice, ("class", "notice"), ("role", "status"));
        }

        var text = new StringBuilder(html.Length + Body.Length + 64);
        text.Append("<!doctype html>").Append(html.ToString()).Append(Body.ToString()).Append("</main></body></html>");

        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        ControlCenter.SecurityHeaders(httpContext.Response);
        await httpContext.Response.WriteAsync(text.ToString(), httpContext.RequestAborted);
    }
}
