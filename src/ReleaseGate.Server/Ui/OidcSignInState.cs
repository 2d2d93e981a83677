using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// What an OIDC sign-in keeps between sending the browser to the provider and its return: the state, the nonce, the PKCE
/// code verifier and the page to land on. It lives in a short-lived HttpOnly cookie scoped to the redirect path, SameSite=Lax
/// because the provider sends the browser back from another site (a Strict cookie would not come along). It needs no
/// server-side state, so the return may reach any instance; the state in it is compared with the one the provider sends back.
/// </summary>
/// <param name="State">The random value the provider must send back.</param>
/// <param name="Nonce">The random value the ID token must carry.</param>
/// <param name="Verifier">The PKCE code verifier; the provider only sees its S256 challenge until the code is redeemed.</param>
/// <param name="Next">The Control Center path to land on once signed in.</param>
internal sealed record OidcSignInState(string State, string Nonce, string Verifier, string Next)
{
    /// <summary>The cookie.</summary>
    public const string CookieName = "rg_oidc";

    /// <summary>How long a person has to sign in at the provider before the sign-in must start again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The PKCE code challenge of <see cref="Verifier"/> (method S256).</summary>
    public string Challenge => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>A new sign-in landing on <paramref name="next"/> (a path on this server; anything else lands on <c>/</c>).</summary>
    public static OidcSignInState New(string? next) =>
        new(Random(24), Random(24), Random(32), next is { Length: > 0 } && next.StartsWith('/') && Html.SafeUrl(next) ? next : "/");

    /// <summary>Sets the cookie, sent back only to <paramref name="path"/> (the redirect path).</summary>
    public void Save(HttpContext http, string path) =>
        http.Response.Cookies.Append(CookieName, $"{State}.{Nonce}.{Verifier}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Next))}", Options(http, path));

    /// <summary>The sign-in this browser started, or null when there is none (never started, expired, or malformed).</summary>
    public static OidcSignInState? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName, out var value) || value is null)
        {
            return null;
        }

        var parts = value.Split('.');
        if (parts.Length != 4 || parts.Take(3).Any(p => p.Length < 32))
        {
            return null;
        }

        try
        {
            var next = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[3]));
            return new OidcSignInState(parts[0], parts[1], parts[2], next.StartsWith('/') && Html.SafeUrl(next) ? next : "/");
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Removes the cookie: a state is used once.</summary>
    public static void Clear(HttpContext http, string path) => http.Response.Cookies.Delete(CookieName, Options(http, path));

    /// <summary>Whether <paramref name="returned"/> is this sign-in's state (compared in constant time).</summary>
    public bool Matches(string? returned) =>
        returned is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(returned), Encoding.UTF8.GetBytes(State));

    private static string Random(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    private static CookieOptions Options(HttpContext http, string path) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = path,
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
