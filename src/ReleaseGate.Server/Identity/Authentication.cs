using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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
    private const string Jwt = "Oidc";

    public static void Add(IServiceCollection services, OidcOptions oidc)
    {
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
                    context.Token ??= Ui.UiSession.Credential(context.Request);
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
}
