using ReleaseGate.Server.Identity;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// Sign-in: an API token pasted once becomes the session (<see cref="UiSession"/>), or, when OIDC sign-in is configured,
/// the organisation's identity provider (<see cref="OidcSignIn"/>). The form carries its own CSRF token
/// (a random value in a cookie and in the form), so that another site cannot sign a browser in as someone else.
/// </summary>
internal static class SignInPage
{
    /// <summary>Shows the sign-in form.</summary>
    public static IResult Show(HttpContext http, string? next) => Form(http, next, null);

    /// <summary>Checks the pasted token and starts the session, or shows the form again with the reason.</summary>
    public static async Task<IResult> SubmitAsync(HttpContext http, IGateStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var expected = UiSession.SignInToken(http.Request);
        if (expected is null || !await UiSession.FormIsGenuineAsync(http, expected))
        {
            return ControlCenter.Problem(null, StatusCodes.Status403Forbidden, UiCodes.CsrfRefused, "Form refused",
                "the sign-in form did not come from this page (its CSRF token is missing or wrong, or another site sent it). Open the sign-in page again.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var next = form["next"].ToString();
        var token = form["token"].ToString().Trim();
        if (token.Length == 0)
        {
            return Form(http, next, "paste an API token; an admin creates one with 'releasegate token create'.");
        }

        var record = token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal)
            ? await store.FindApiTokenAsync(ApiTokenHash.Compute(token), http.RequestAborted)
            : null;
        if (record is null || record.RevokedAt is not null || record.ExpiresAt <= time.GetUtcNow())
        {
            return Form(http, next, "this token is unknown, revoked or expired; ask an admin for a new one ('releasegate token create').");
        }

        UiSession.Start(http, token, record.ExpiresAt);
        return Results.Redirect(next.StartsWith('/') && Html.SafeUrl(next) ? next : "/");
    }

    private static Page Form(HttpContext http, string? next, string? problem)
    {
        var page = new Page("Sign in", null, problem is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
        var html = page.Body;
        if (problem is not null)
        {
            html.Open("div", ("class", "problem"), ("role", "alert")).Open("p").Tag("strong", UiCodes.SignInRefused).Text(": ").Text(problem).Close("p").Close("div");
        }

        html.Tag("p", "Sign in to see releases, why each is blocked, and what waits for you.");
        OidcSignIn.Button(html, http, next);
        html.Open("form", ("method", "post"), ("action", "/sign-in"))
            .Void("input", ("type", "hidden"), ("name", UiSession.CsrfField), ("value", UiSession.NewSignInToken(http)))
            .Void("input", ("type", "hidden"), ("name", "next"), ("value", next ?? "/"))
            .Tag("label", "API token", ("for", "token"))
            .Void("input", ("type", "password"), ("id", "token"), ("name", "token"), ("autocomplete", "off"), ("required", ""), ("aria-describedby", "token-help"))
            .Tag("p", "Your token is kept in this browser's session cookie (HttpOnly) and never shown again.", ("id", "token-help"), ("class", "muted"))
            .Tag("button", "Sign in", ("type", "submit"), ("class", "primary"))
            .Close("form");
        return page;
    }
}
