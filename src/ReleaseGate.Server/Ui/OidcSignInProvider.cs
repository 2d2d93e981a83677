using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Options;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The Control Center's side of an OIDC authorization code flow with PKCE: the provider's endpoints (from the same
/// discovery document the API's token validation reads, or from the settings), the authorization request, the code
/// exchange, and the checks of what comes back. The ID token is checked against the sign-in's nonce; the access token is
/// validated by the API's own JWT handler, so a session starts only with a token the API itself accepts.
/// </summary>
/// <threadsafety>One instance serves every request.</threadsafety>
internal sealed class OidcSignInProvider(IOptions<ServerOptions> server, IOptionsMonitor<JwtBearerOptions> jwt, TimeProvider time) : IDisposable
{
    /// <summary>The largest token response read, in bytes; real ones are a few kilobytes.</summary>
    private const int MaxResponseBytes = 256 * 1024;

    /// <summary>
    /// The longest access token kept in the session cookie: browsers drop a cookie over 4096 bytes (name, value and
    /// attributes together), and a dropped cookie would send the person back to sign-in without a word.
    /// </summary>
    public const int MaxAccessTokenLength = 3800;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>The OIDC settings.</summary>
    public OidcOptions Options => server.Value.Oidc;

    /// <summary>The redirect URI: <c>PublicUrl</c> (or the request's own address) and the redirect path.</summary>
    public string RedirectUri(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = server.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') : $"{request.Scheme}://{request.Host.Value}{request.PathBase}";
        return root + Options.RedirectPath;
    }

    /// <summary>Where to send the browser to sign in, for <paramref name="state"/>.</summary>
    /// <exception cref="OidcSignInFailure">The provider's discovery document cannot be read.</exception>
    public async Task<string> AuthorizationUrlAsync(HttpRequest request, OidcSignInState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(state);
        var (authorize, _) = await EndpointsAsync(cancellationToken);
        var query = Html.Query(
            ("response_type", "code"),
            ("client_id", Options.ClientId),
            ("redirect_uri", RedirectUri(request)),
            ("scope", string.Join(' ', Options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))),
            ("state", state.State),
            ("nonce", state.Nonce),
            ("code_challenge", state.Challenge),
            ("code_challenge_method", "S256"));
        return authorize + (authorize.Contains('?', StringComparison.Ordinal) ? "&" + query[1..] : query);
    }

    /// <summary>
    /// Redeems <paramref name="code"/> at the token endpoint with the sign-in's code verifier, checks the ID token and the
    /// access token, and returns the access token with the person it names and when it expires.
    /// </summary>
    /// <exception cref="OidcSignInFailure">The provider refused the code or could not be reached, or a token is not valid here.</exception>
    public async Task<(string AccessToken, Caller Caller, DateTimeOffset Expires)> RedeemAsync(HttpContext http, OidcSignInState state, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var response = await ExchangeAsync(http.Request, state, code, cancellationToken);
        var accessToken = response["access_token"]?.GetValueKind() == JsonValueKind.String ? response["access_token"]!.GetValue<string>() : null;
        var idToken = response["id_token"]?.GetValueKind() == JsonValueKind.String ? response["id_token"]!.GetValue<string>() : null;
        var type = response["token_type"]?.GetValueKind() == JsonValueKind.String ? response["token_type"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(idToken) || !string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status502BadGateway,
                "the identity provider's token response lacks a Bearer access token or an ID token; check that the client is set up for the authorization code flow with the 'openid' scope.");
        }

        var idUser = await CheckIdTokenAsync(idToken, state, cancellationToken);
        var jwtHandler = new JsonWebTokenHandler();
        if (!jwtHandler.CanReadToken(accessToken))
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status401Unauthorized,
                $"the identity provider returned an access token that is not a JWT; configure it to issue JWT access tokens for the audience '{Options.Audience}', as the API requires.");
        }

        if (accessToken.Length > MaxAccessTokenLength)
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status401Unauthorized,
                $"the access token is {accessToken.Length} characters long, more than a browser cookie holds ({MaxAccessTokenLength}); configure the provider to put fewer claims (such as groups) in it, or sign in with an API token.");
        }

        var result = await Authentication.ValidateOidcTokenAsync(http, accessToken);
        var caller = result.Succeeded ? Caller.From(result.Principal!) : null;
        if (caller is null)
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status401Unauthorized,
                $"the access token is not valid for this server ({Reason(result.Failure)}); it must carry the issuer '{Options.Issuer}', the audience '{Options.Audience}' and the '{Options.UserClaim}' claim, be signed by the provider's keys, and be current. An admin compares these with the provider's settings.");
        }

        if (idUser is not null && idUser != caller.User)
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status401Unauthorized,
                $"the ID token and the access token name different users in '{Options.UserClaim}'; nothing was signed in. An admin checks the provider's token settings.");
        }

        return (accessToken, caller, new DateTimeOffset(jwtHandler.ReadJsonWebToken(accessToken).ValidTo, TimeSpan.Zero));
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    private async Task<(string Authorize, string Token)> EndpointsAsync(CancellationToken cancellationToken)
    {
        var authorize = Options.AuthorizationEndpoint;
        var token = Options.TokenEndpoint;
        if (string.IsNullOrWhiteSpace(authorize) || string.IsNullOrWhiteSpace(token))
        {
            var configuration = await ConfigurationAsync(cancellationToken);
            authorize = string.IsNullOrWhiteSpace(authorize) ? configuration?.AuthorizationEndpoint : authorize;
            token = string.IsNullOrWhiteSpace(token) ? configuration?.TokenEndpoint : token;
        }

        if (!Endpoint(authorize) || !Endpoint(token))
        {
            throw OidcSignInFailure.Refused(StatusCodes.Status502BadGateway,
                $"the identity provider's discovery document at '{Options.Authority}' names no usable authorization and token endpoints (https, or http to this machine); an admin sets Oidc:AuthorizationEndpoint and Oidc:TokenEndpoint.");
        }

        return (authorize!, token!);
    }

    // The code and the client secret go to the token endpoint: only over TLS, or to this machine.
    private static bool Endpoint(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private async Task<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration?> ConfigurationAsync(CancellationToken cancellationToken)
    {
        var manager = jwt.Get(Authentication.Jwt).ConfigurationManager;
        if (manager is null)
        {
            return null;
        }

        try
        {
            return await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            throw OidcSignInFailure.Refused(StatusCodes.Status502BadGateway,
                $"the identity provider's discovery document at '{Options.Authority}' could not be read; try again in a minute, and if it persists an admin checks that the server reaches the provider (Oidc:Authority).");
        }
    }

    private async Task<JsonObject> ExchangeAsync(HttpRequest request, OidcSignInState state, string code, CancellationToken cancellationToken)
    {
        var (_, endpoint) = await EndpointsAsync(cancellationToken);
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "authorization_code"),
                new("code", code),
                new("redirect_uri", RedirectUri(request)),
                new("client_id", Options.ClientId!),
                new("code_verifier", state.Verifier),
            ]),
        };
        if (!string.IsNullOrEmpty(Options.ClientSecret))
        {
            // client_secret_basic, which every provider supports (RFC 6749 2.3.1: each part form-encoded first).
            var pair = $"{Uri.EscapeDataString(Options.ClientId!)}:{Uri.EscapeDataString(Options.ClientSecret)}";
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        JsonNode? body;
        int status;
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            body = await ReadJsonAsync(response, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw OidcSignInFailure.Refused(StatusCodes.Status502BadGateway,
                "the identity provider's token endpoint could not be reached; try again in a minute, and if it persists an admin checks that the server reaches it.");
        }

        if (status is >= 200 and < 300 && body is JsonObject tokens)
        {
            return tokens;
        }

        var error = body is JsonObject o && o["error"]?.GetValueKind() == JsonValueKind.String ? o["error"]!.GetValue<string>() : $"HTTP {status}";
        var description = body is JsonObject d && d["error_description"]?.GetValueKind() == JsonValueKind.String ? d["error_description"]!.GetValue<string>() : null;
        throw OidcSignInFailure.Refused(StatusCodes.Status401Unauthorized,
            $"the identity provider refused to redeem the sign-in's code ({Provided(error, description)}); nothing was signed in. Start the sign-in again; if it fails again, an admin checks the client's settings at the provider (client id, secret, redirect URI {RedirectUri(request)}, PKCE).");
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Checks the ID token (signature, issuer, the client as audience, lifetime, nonce) and returns its user, if it names one.</summary>
    private async Task<string?> CheckIdTokenAsync(string idToken, OidcSignInState state, CancellationToken cancellationToken)
    {
        var options = jwt.Get(Authentication.Jwt);
        var parameters = options.TokenValidationParameters.Clone();
        parameters.ValidAudience = Options.ClientId;
        parameters.ValidAudiences = null;
        var keys = new List<SecurityKey>(parameters.IssuerSigningKeys ?? []);
        if (await ConfigurationAsync(cancellationToken) is { } configuration)
        {
            keys.AddRange(configuration.SigningKeys);
        }

        parameters.IssuerSigningKeys = keys;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status401Unauthorized,
                $"the ID token is not valid ({Reason(result.Exception)}); it must carry the issuer '{Options.Issuer}' and the client id '{Options.ClientId}' as audience and be signed by the provider's keys. Start the sign-in again; if it fails again, an admin compares these with the provider's settings.");
        }

        // Judged by the server's clock, as the API judges access tokens.
        var now = time.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        if (now > token.ValidTo + skew || (token.ValidFrom > DateTime.MinValue && now < token.ValidFrom - skew))
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status401Unauthorized,
                "the ID token is expired or not yet valid by the server's clock; start the sign-in again, and if it fails again an admin checks the clocks of the server and the provider.");
        }

        if (!token.TryGetPayloadValue<string>("nonce", out var nonce) || !state.Nonce.Equals(nonce, StringComparison.Ordinal))
        {
            throw OidcSignInFailure.Unverified(StatusCodes.Status401Unauthorized,
                "the ID token does not carry the nonce of the sign-in this browser started (it may have been replayed); nothing was signed in. Start the sign-in again.");
        }

        return token.TryGetPayloadValue<string>(Options.UserClaim, out var user) ? user : null;
    }

    // Token libraries' messages start with an IDX code and can run long; the first sentence says what failed.
    private static string Reason(Exception? failure)
    {
        var message = failure?.Message ?? "no reason given";
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        message = end > 0 ? message[..end] : message.TrimEnd('.');
        return message.Length > 300 ? message[..300] + "…" : message;
    }

    /// <summary>A provider's error code and description, cut to a sensible length (the provider is not this server).</summary>
    public static string Provided(string error, string? description)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = string.IsNullOrWhiteSpace(description) ? error : $"{error}: {description}";
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
