using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>
/// An OIDC identity provider for the browser tests: a real Kestrel app on a loopback port serving discovery, its JWKS (an
/// ES256 key made for the test), <c>/authorize</c> (which approves <see cref="User"/> at once and sends the browser back with
/// a code, or with <c>error=access_denied</c> when <see cref="Deny"/> is set) and <c>/token</c>, which checks the client's
/// secret, the redirect URI and the PKCE verifier against the S256 challenge before it issues an ID token and a JWT access
/// token. Switches make it misbehave the ways a test needs.
/// </summary>
internal sealed class FakeIdentityProvider : IAsyncDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<string, QueryString> _asking = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    private FakeIdentityProvider()
    {
    }

    private sealed record Grant(string Challenge, string RedirectUri, string Nonce);

    public const string ClientId = "control-center";

    public const string ClientSecret = "fake-client-secret-1234567890";

    public const string Audience = "releasegate";

    /// <summary>The provider's address and issuer (no trailing slash).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The redirect URI clients must use; set once the server's address is known.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Who signs in.</summary>
    public string User { get; set; } = "olivia";

    /// <summary>The groups claim of the access token.</summary>
    public string[] Groups { get; set; } = [];

    /// <summary>The scope claim of the access token.</summary>
    public string Scope { get; set; } = "openid review approve";

    /// <summary>Send the browser back with <c>error=access_denied</c> and this description, instead of a code.</summary>
    public string? Deny { get; set; }

    /// <summary>
    /// Ask the person first: <c>/authorize</c> answers a page with an "Allow" button that posts to the provider, which then
    /// sends the browser back. The return then starts on the provider's own page, as with a real login form.
    /// </summary>
    public bool Consent { get; set; }

    /// <summary>Send back a state other than the one the client sent.</summary>
    public bool ReplaceState { get; set; }

    /// <summary>Record a challenge other than the one the client sent, as if the request had been altered on its way.</summary>
    public bool ReplaceChallenge { get; set; }

    /// <summary>The audience of the access token issued (the right one unless a test changes it).</summary>
    public string AccessTokenAudience { get; set; } = Audience;

    /// <summary>How many requests reached the token endpoint.</summary>
    public int TokenRequests;

    /// <summary>What the provider saw and decided, in order (for assertions and for a failing test's message).</summary>
    public IReadOnlyList<string> Log => [.. _log];

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var provider = new FakeIdentityProvider();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Keys);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/authorize/allow", provider.AllowAsync);
        app.MapPost("/token", provider.TokenAsync);
        await app.StartAsync();
        provider._app = app;
        // Named "localhost" while the server is reached at 127.0.0.1: another site to the browser, as a real provider is,
        // so that the SameSite rules of the sign-in's cookies are exercised.
        provider.Issuer = $"http://localhost:{new Uri(app.Urls.First()).Port}";
        return provider;
    }

    private IResult Discovery() => Results.Text(new JsonObject
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/authorize",
        ["token_endpoint"] = Issuer + "/token",
        ["jwks_uri"] = Issuer + "/jwks",
        ["response_types_supported"] = new JsonArray("code"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("ES256"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic"),
    }.ToJsonString(), "application/json");

    private IResult Keys()
    {
        var p = _key.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(p.Q.X),
            ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            ["kid"] = "fake-key",
            ["use"] = "sig",
            ["alg"] = "ES256",
        };
        return Results.Text(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(), "application/json");
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        string Param(string name) => q[name].ToString();
        var problems = new List<string>();
        if (Param("client_id") != ClientId) problems.Add("unknown client_id");
        if (Param("response_type") != "code") problems.Add("response_type is not code");
        if (RedirectUri is not null && Param("redirect_uri") != RedirectUri) problems.Add($"redirect_uri {Param("redirect_uri")} is not the registered {RedirectUri}");
        if (Param("code_challenge_method") != "S256") problems.Add("code_challenge_method is not S256");
        if (Param("code_challenge").Length != 43) problems.Add("code_challenge is not a SHA-256 in base64url");
        if (!Param("scope").Split(' ').Contains("openid")) problems.Add("scope lacks openid");
        if (Param("state").Length == 0 || Param("nonce").Length == 0) problems.Add("state or nonce is missing");
        if (problems.Count > 0)
        {
            _log.Enqueue("authorize refused: " + string.Join("; ", problems));
            return Results.BadRequest(string.Join("; ", problems));
        }

        if (Consent)
        {
            var ask = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
            _asking[ask] = request.QueryString;
            _log.Enqueue("consent asked");
            return Results.Content(
                $"<!doctype html><html lang=\"en\"><title>Fake IdP</title><h1>Allow ReleaseGate?</h1><form method=\"post\" action=\"/authorize/allow\"><input type=\"hidden\" name=\"ask\" value=\"{ask}\"><button>Allow</button></form></html>",
                "text/html");
        }

        return Approve(q);
    }

    private async Task<IResult> AllowAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        return _asking.TryRemove(form["ask"].ToString(), out var query)
            ? Approve(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value))
            : Results.BadRequest("unknown consent request");
    }

    private IResult Approve(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        var q = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        string Param(string name) => q.TryGetValue(name, out var value) ? value : "";
        _log.Enqueue($"authorize: scope '{Param("scope")}', method {Param("code_challenge_method")}");
        var state = ReplaceState ? Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)) : Param("state");
        var back = Param("redirect_uri") + "?";
        if (Deny is not null)
        {
            return Results.Redirect(back + $"error=access_denied&error_description={Uri.EscapeDataString(Deny)}&state={Uri.EscapeDataString(state)}");
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        var challenge = ReplaceChallenge ? Challenge(Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))) : Param("code_challenge");
        _grants[code] = new Grant(challenge, Param("redirect_uri"), Param("nonce"));
        return Results.Redirect(back + $"code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        Interlocked.Increment(ref TokenRequests);
        var form = await request.ReadFormAsync();
        string Field(string name) => form[name].ToString();
        var basic = request.Headers.Authorization.ToString();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (basic != expected || Field("client_id") != ClientId)
        {
            return Refuse("invalid_client", "the client did not authenticate");
        }

        if (Field("grant_type") != "authorization_code" || !_grants.TryRemove(Field("code"), out var grant))
        {
            return Refuse("invalid_grant", "the code is unknown or already used");
        }

        if (Field("redirect_uri") != grant.RedirectUri)
        {
            return Refuse("invalid_grant", "the redirect_uri differs from the authorization request's");
        }

        if (Challenge(Field("code_verifier")) != grant.Challenge)
        {
            return Refuse("invalid_grant", "PKCE verification failed: the code_verifier does not match the code_challenge");
        }

        _log.Enqueue("token issued");
        var now = DateTime.UtcNow;
        var signing = new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = "fake-key" }, SecurityAlgorithms.EcdsaSha256);
        var handler = new JsonWebTokenHandler();
        var access = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AccessTokenAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = User, ["groups"] = Groups, ["scope"] = Scope },
            SigningCredentials = signing,
        });
        var id = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = User, ["nonce"] = grant.Nonce },
            SigningCredentials = signing,
        });
        return Results.Text(new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["id_token"] = id,
            ["scope"] = Scope,
        }.ToJsonString(), "application/json");
    }

    private IResult Refuse(string error, string description)
    {
        _log.Enqueue($"token refused: {error}: {description}");
        return Results.Text(new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString(), "application/json", statusCode: 400);
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
