using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Identity;

/// <summary>
/// Authenticates <c>Authorization: Bearer rg_…</c> API tokens against their stored hashes. A verified token is kept in the
/// <see cref="TokenCache"/> for at most <see cref="ServerOptions.TokenCacheTime"/> (and never past its expiry), so that
/// requests under load do not each cost two queries; any identity change on any instance drops it within
/// <see cref="ServerOptions.IdentityCheckTime"/>.
/// </summary>
internal sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGateStore store,
    IOptions<ServerOptions> server,
    TokenCache cache,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request) ?? Ui.UiSession.Credential(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiTokenHash.Compute(token);

        // Read before the lookup: a revocation committed after this read moves the counter, so the entry put below goes stale.
        var counter = await cache.CounterAsync(Context.RequestAborted);
        if (!cache.TryGet(hash, counter, out var caller))
        {
            var now = time.GetUtcNow();
            var record = await store.FindApiTokenAsync(hash, Context.RequestAborted);
            if (record is null || record.RevokedAt is not null || record.ExpiresAt <= now)
            {
                return AuthenticateResult.Fail("the API token is unknown, revoked or expired");
            }

            Scopes.TryParse(record.Scopes, out var scopes, out _);
            var groups = await store.ListGroupsOfUserAsync(record.UserName, Context.RequestAborted);
            caller = new Caller(record.UserName, groups.ToHashSet(StringComparer.Ordinal), scopes);
            var until = now + server.Value.TokenCacheTime;
            cache.Put(hash, caller, counter, record.ExpiresAt is { } expires && expires < until ? expires : until);
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(caller.Claims(), SchemeName, Caller.UserClaim, null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The bearer token of a request, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
