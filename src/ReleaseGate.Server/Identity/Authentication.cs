using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ReleaseGate.Server.Options;

namespace ReleaseGate.Server.Identity;

/// <summary>
/// Wires authentication: API tokens (<c>rg_…</c>) always; OIDC JWT bearer tokens when an issuer is configured. A policy
/// scheme sends each request to the right handler by the shape of its bearer token.
/// </summary>
internal static class Authentication
{
    private const string Selector = "ReleaseGate";

    /// <summary>The scheme that validates OIDC JWT bearer tokens.</summary>
    public const string Jwt = "Oidc";

    /// <summary>
    /// The key in <see cref="HttpContext.Items"/> of a token to validate instead of the request's own (the access token an
    /// OIDC sign-in just received, before it is the session's): see <see cref="ValidateOidcTokenAsync"/>.
    /// </summary>
    private const string TokenItem = "releasegate.oidc.token";

    /// <summary>Adds the authentication schemes, and the Control Center's OIDC sign-in when <paramref name="oidc"/> configures it.</summary>
    public static void Add(IServiceCollection services, OidcOptions oidc)
    {
        ArgumentNullException.ThrowIfNull(oidc);
        var auth = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API token or OIDC bearer token", o => o.ForwardDefaultSelector = context =>
                oidc.Enabled && (ApiTokenHandler.BearerToken(context.Request) ?? Ui.UiSession.Credential(context.Request)) is { } token && !token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal)
                    ? Jwt
                    : ApiTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        if (!oidc.Enabled)
        {
            return;
        }

        if (oidc.SignInEnabled)
        {
            services.AddSingleton<Ui.OidcSignInProvider>();
        }

        auth.AddJwtBearer(Jwt, o =>
        {
            o.MapInboundClaims = false;
            o.Authority = oidc.Authority;
            o.RequireHttpsMetadata = oidc.Authority?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = oidc.Issuer,
                ValidAudience = oidc.Audience,
                ValidateIssuer = true,
                ValidateAudience = true,
                // Checked in OnTokenValidated against the server's clock (the store's, shared by every instance), not this
                // machine's: an instance whose clock is behind must not accept a token the others refuse as expired.
                ValidateLifetime = false,
                RequireExpirationTime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = oidc.UserClaim,
            };
            if (oidc.SigningKeysFile is { } file)
            {
                o.TokenValidationParameters.IssuerSigningKeys = new JsonWebKeySet(File.ReadAllText(file)).GetSigningKeys();
            }

            o.Events = new JwtBearerEvents
            {
                // A Control Center session signed in through OIDC carries its access token in the session cookie.
                OnMessageReceived = context =>
                {
                    context.Token = context.HttpContext.Items[TokenItem] as string ?? context.Token ?? Ui.UiSession.Credential(context.Request);
                    return Task.CompletedTask;
                },
                OnTokenValidated = context =>
                {
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                    var skew = context.Options.TokenValidationParameters.ClockSkew;
                    if (now > context.SecurityToken.ValidTo + skew || (context.SecurityToken.ValidFrom > DateTime.MinValue && now < context.SecurityToken.ValidFrom - skew))
                    {
                        context.Fail("the token is expired or not yet valid by the server's clock");
                        return Task.CompletedTask;
                    }

                    var principal = context.Principal!;
                    var user = principal.FindFirst(oidc.UserClaim)?.Value;
                    if (string.IsNullOrEmpty(user))
                    {
                        context.Fail($"the token has no '{oidc.UserClaim}' claim");
                        return Task.CompletedTask;
                    }

                    var groups = principal.FindAll(oidc.GroupsClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
                    var words = principal.FindAll("scope").Concat(principal.FindAll("scp")).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

                    // Words that are not ReleaseGate scopes (openid, profile, ...) are ignored, not an error.
                    var scopes = Scope.None;
                    foreach (var word in words)
                    {
                        if (Scopes.TryParse([word], out var one, out _))
                        {
                            scopes |= one;
                        }
                    }

                    var caller = new Caller(user, groups, scopes);
                    context.Principal = new ClaimsPrincipal(new ClaimsIdentity(caller.Claims(), Jwt, Caller.UserClaim, null));
                    return Task.CompletedTask;
                },
            };
        });
    }

    /// <summary>
    /// Validates <paramref name="token"/> exactly as an OIDC bearer token on the API is validated (issuer, audience,
    /// signature, lifetime by the server's clock, the user claim, groups and scopes), whatever else the request carries.
    /// </summary>
    /// <returns>The result; on success its principal carries the <see cref="Caller"/>.</returns>
    public static async Task<AuthenticateResult> ValidateOidcTokenAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(token);

        // A handler of its own: the request's handlers may already hold a result for the request's own cookie or header.
        var services = http.RequestServices;
        var handler = new JwtBearerHandler(services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>(), services.GetRequiredService<ILoggerFactory>(), UrlEncoder.Default);
        http.Items[TokenItem] = token;
        try
        {
            await handler.InitializeAsync(new AuthenticationScheme(Jwt, null, typeof(JwtBearerHandler)), http);
            return await handler.AuthenticateAsync();
        }
        finally
        {
            http.Items.Remove(TokenItem);
        }
    }
}
