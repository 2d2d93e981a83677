using System.Security.Cryptography;
using System.Text;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The Control Center's session: the credential a person signed in with (an API token pasted once, or the access token
/// an OIDC sign-in returned) kept in an HttpOnly, SameSite=Strict cookie, Secure over TLS. The cookie is read only for
/// the Control Center's pages, never for <c>/api/</c>, so the API's callers still authenticate with a bearer header and
/// a browser cannot be made to call the API with it. Forms carry a CSRF token derived from the credential, so it needs no
/// server-side state and holds on every instance.
/// </summary>
internal static class UiSession
{
    /// <summary>The session cookie.</summary>
    public const string CookieName = "rg_session";

    /// <summary>The cookie that carries the sign-in form's own CSRF token, before there is a session.</summary>
    public const string SignInCookieName = "rg_signin";

    /// <summary>The form field that carries the CSRF token.</summary>
    public const string CsrfField = "csrf";

    /// <summary>How long a session lasts before the person signs in again (never past the credential's own expiry).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>The session's credential, for a request to a Control Center page; null for the API and without a cookie.</summary>
    public static string? Credential(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Headers.Authorization.Count > 0)
        {
            return null;
        }

        return request.Cookies.TryGetValue(CookieName, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }

    /// <summary>Starts a session holding <paramref name="credential"/>.</summary>
    public static void Start(HttpContext context, string credential, DateTimeOffset? expires)
    {
        var until = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() + Lifetime;
        context.Response.Cookies.Append(CookieName, credential, Options(context, expires is { } e && e < until ? e : until));
    }

    /// <summary>Ends the session.</summary>
    public static void End(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context, null));

    /// <summary>The CSRF token of a session: an HMAC of a fixed label under the session's credential.</summary>
    public static string CsrfToken(string credential) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(credential), "releasegate control center form"u8))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Whether a form post may act: it comes from this site (no foreign <c>Origin</c> or <c>Sec-Fetch-Site</c>) and carries
    /// <paramref name="expected"/> in <see cref="CsrfField"/>.
    /// </summary>
    public static async Task<bool> FormIsGenuineAsync(HttpContext context, string expected)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SameSite(context.Request) || !context.Request.HasFormContentType)
        {
            return false;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var sent = form[CsrfField].ToString();
        return sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>A fresh random token for the sign-in form, set in <see cref="SignInCookieName"/>.</summary>
    public static string NewSignInToken(HttpContext context)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        context.Response.Cookies.Append(SignInCookieName, token, Options(context, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1)));
        return token;
    }

    /// <summary>The sign-in form's token from its cookie, or null.</summary>
    public static string? SignInToken(HttpRequest request) =>
        request.Cookies.TryGetValue(SignInCookieName, out var value) && value.Length > 0 ? value : null;

    private static bool SameSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
