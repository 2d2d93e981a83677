using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Options;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// Sign-in through the organisation's identity provider: the OIDC authorization code flow with PKCE (S256). <c>GET
/// /sign-in/oidc</c> keeps a state, a nonce and a code verifier in a short-lived cookie (<see cref="OidcSignInState"/>) and
/// sends the browser to the provider; the provider sends it back to the redirect path, where the state is compared, the
/// code redeemed, the tokens checked as the API checks bearer tokens, and the session started with the access token.
/// Anything that goes wrong is a page with a code (<see cref="UiCodes.OidcRefused"/>, <see cref="UiCodes.OidcUnverified"/>)
/// and what to do.
/// </summary>
internal static class OidcSignIn
{
    /// <summary>The path that starts a sign-in.</summary>
    public const string StartPath = "/sign-in/oidc";

    /// <summary>Maps the sign-in's two endpoints (they answer only when OIDC sign-in is configured).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var oidc = app.ServiceProvider.GetRequiredService<IOptions<ServerOptions>>().Value.Oidc;
        app.MapGet(StartPath, StartAsync).ExcludeFromDescription();
        if (oidc.SignInEnabled)
        {
            app.MapGet(oidc.RedirectPath, CallbackAsync).ExcludeFromDescription();
        }
    }

    /// <summary>Writes the "Sign in with …" button of the sign-in page, when OIDC sign-in is configured.</summary>
    public static void Button(Html html, HttpContext http, string? next)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(http);
        if (http.RequestServices.GetService<OidcSignInProvider>() is not { } provider)
        {
            return;
        }

        // A link, not a form: the provider is another site, and the pages' CSP allows forms to post only here.
        html.Open("p").Link(StartPath + Html.Query(("next", next)), $"Sign in with {provider.Options.DisplayName}", ("class", "button primary"), ("id", "oidc-sign-in")).Close("p");
        html.Tag("p", "Or paste an API token:", ("class", "muted"));
    }

    private static async Task<IResult> StartAsync(HttpContext http, string? next)
    {
        if (http.RequestServices.GetService<OidcSignInProvider>() is not { } provider)
        {
            return Results.Redirect("/sign-in" + Html.Query(("next", next)));
        }

        var state = OidcSignInState.New(next);
        try
        {
            var url = await provider.AuthorizationUrlAsync(http.Request, state, http.RequestAborted);
            state.Save(http, provider.Options.RedirectPath);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(url);
        }
        catch (OidcSignInFailure failure)
        {
            return Failed(http, failure, state.Next);
        }
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, OidcSignInProvider provider, string? code, string? state, string? error, [FromQuery(Name = "error_description")] string? description)
    {
        var path = provider.Options.RedirectPath;
        var started = OidcSignInState.Read(http.Request);
        OidcSignInState.Clear(http, path);
        try
        {
            if (started is null)
            {
                throw OidcSignInFailure.Unverified(StatusCodes.Status400BadRequest,
                    $"this browser has no sign-in waiting for an answer: it was not started here, it took longer than {OidcSignInState.Lifetime.TotalMinutes:0} minutes, or its cookie was blocked. Nothing was signed in; start the sign-in again.");
            }

            if (!started.Matches(state))
            {
                // Someone else's answer (a forged link, or another tab's sign-in): never redeemed, never shown.
                throw OidcSignInFailure.Unverified(StatusCodes.Status400BadRequest,
                    "the answer does not belong to the sign-in this browser started (its state differs), so it was not used and nothing was signed in. Start the sign-in again from this page, in one tab.");
            }

            if (!string.IsNullOrEmpty(error))
            {
                throw OidcSignInFailure.Refused(StatusCodes.Status401Unauthorized,
                    $"the identity provider did not sign you in ({OidcSignInProvider.Provided(error, description)}). If you declined, start again and allow it; if access was denied, ask whoever runs the identity provider to give you access to ReleaseGate.");
            }

            if (string.IsNullOrEmpty(code))
            {
                throw OidcSignInFailure.Refused(StatusCodes.Status400BadRequest,
                    "the identity provider sent back neither a code nor an error; start the sign-in again.");
            }

            var (token, caller, expires) = await provider.RedeemAsync(http, started, code, http.RequestAborted);
            UiSession.Start(http, token, expires);
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn).FullName!)
                .LogInformation("Control Center sign-in through OIDC: {User}", caller.User);
            return new Landing(started.Next);
        }
        catch (OidcSignInFailure failure)
        {
            return Failed(http, failure, started?.Next);
        }
    }

    private static Page Failed(HttpContext http, OidcSignInFailure failure, string? next)
    {
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn).FullName!)
            .LogWarning("Control Center sign-in through OIDC failed: {Code}: {Detail}", failure.Code, failure.Detail);
        var page = new Page(failure.Title, null, failure.Status);
        var html = page.Body;
        html.Open("div", ("class", "problem"), ("role", "alert")).Open("p").Tag("strong", failure.Code).Text(": ").Text(failure.Detail).Close("p").Close("div");
        html.Open("p").Link(StartPath + Html.Query(("next", next)), "Start the sign-in again", ("class", "button primary")).Close("p");
        html.Open("p").Link("/sign-in" + Html.Query(("next", next)), "Sign in with an API token instead").Close("p");
        return page;
    }

    /// <summary>
    /// The page after a successful sign-in: it moves on to the page asked for at once (a refresh, no script). The session
    /// cookie is SameSite=Strict, and the browser arrived here from the provider's site: a redirect would carry that
    /// cross-site origin along and the cookie would not be sent, while this page's own navigation is same-site.
    /// </summary>
    private sealed class Landing(string next) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var html = new Html(1024);
            html.Open("html", ("lang", "en"));
            html.Open("head").Void("meta", ("charset", "utf-8"))
                .Void("meta", ("http-equiv", "refresh"), ("content", "0;url=" + next))
                .Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
                .Tag("title", "Signed in · ReleaseGate")
                .Void("link", ("rel", "stylesheet"), ("href", Assets.Url("app.css")))
                .Close("head");
            html.Open("body").Open("main", ("id", "main")).Tag("h1", "Signed in")
                .Open("p").Link(next, "Continue").Close("p")
                .Close("main").Close("body").Close("html");
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            ControlCenter.SecurityHeaders(httpContext.Response);
            await httpContext.Response.WriteAsync("<!doctype html>" + html, httpContext.RequestAborted);
        }
    }
}
