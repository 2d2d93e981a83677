using ReleaseGate.Server.Identity;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The Control Center: the web pages for the people in the approval chain, served by the server itself at <c>/</c>.
/// Pages are rendered on the server (<see cref="Html"/> encodes every piece of text); actions are forms that go through the
/// same API code and rules as the CLI. Every page needs a session (<see cref="UiSession"/>); every form post carries its
/// CSRF token.
/// </summary>
internal static class ControlCenter
{
    /// <summary>
    /// The Content-Security-Policy of every page: scripts, styles and images from this server only, no inline script or
    /// style, no plugins, no framing, forms posting only here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Maps the pages on <paramref name="app"/>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/assets/{name}", Assets.Serve).ExcludeFromDescription();
        app.MapGet("/sign-in", SignInPage.Show).ExcludeFromDescription();
        app.MapPost("/sign-in", SignInPage.SubmitAsync).ExcludeFromDescription().DisableAntiforgery();
        OidcSignIn.Map(app);

        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(SignedInAsync).DisableAntiforgery();
        pages.MapPost("/sign-out", SignOut);
        pages.MapGet("/", ReleasesPage.ShowAsync);
        pages.MapGet("/releases", ReleasesPage.ShowAsync);
        pages.MapGet("/releases/{id:long}", DecisionPage.ShowAsync);
        CasePage.Map(pages);
        ActionPages.Map(pages);
        BankPages.Map(pages);
        CompliancePages.Map(pages);
        LedgerPages.Map(pages);
    }

    /// <summary>The headers every Control Center response carries.</summary>
    public static void SecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (!headers.ContainsKey("Cache-Control"))
        {
            headers.CacheControl = "no-store";
        }
    }

    /// <summary>A page that says what went wrong, with the stable code and what to do.</summary>
    public static Page Problem(UiRequest? request, int status, string code, string title, string detail)
    {
        var page = new Page(title, request, status);
        page.Body.Open("div", ("class", "problem"), ("role", "alert")).Open("p").Tag("strong", code).Text(": ").Text(detail).Close("p").Close("div");
        page.Body.Open("p").Link("/", "Back to the releases").Close("p");
        return page;
    }

    private static async ValueTask<object?> SignedInAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = Caller.From(http.User);
        var credential = UiSession.Credential(http.Request);
        if (caller is null || credential is null)
        {
            if (credential is not null)
            {
                // The cookie's credential was revoked or expired: drop it, so that the sign-in page starts clean.
                UiSession.End(http);
            }

            var back = http.Request.Path + http.Request.QueryString;
            return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? Results.Redirect("/sign-in" + Html.Query(("next", back)))
                : Problem(null, StatusCodes.Status401Unauthorized, UiCodes.SignedOut, "Signed out",
                    "your session has ended; sign in again, then repeat what you were doing.");
        }

        var request = new UiRequest(http, caller, UiSession.CsrfToken(credential));
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await UiSession.FormIsGenuineAsync(http, request.Csrf))
        {
            return Problem(request, StatusCodes.Status403Forbidden, UiCodes.CsrfRefused, "Form refused",
                "the form did not come from this page (its CSRF token is missing or wrong, or another site sent it); nothing was changed. Reload the page and try again.");
        }

        http.Items[UiRequest.Key] = request;
        return await next(context);
    }

    private static IResult SignOut(HttpContext http)
    {
        UiSession.End(http);
        return Results.Redirect("/sign-in");
    }
}
