using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Identity;

/// <summary>
/// Authenticates <c>Authorization: Bearer rg_…</c> API tokens against their stored hashes. A verified token is trusted
/// for <see cref="ServerOptions.TokenCacheTime"/> before it is looked up again, so that reads under load do not each cost
/// two queries; revoking a token therefore takes effect within that time.
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
        var token = BearerToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var now = time.GetUtcNow();
        var hash = ApiTokenHash.Compute(token);
        if (!cache.TryGet(hash, now, out var caller))
        {
            var record = await store.FindApiTokenAsync(hash, Context.RequestAborted);
            if (record is null || record.RevokedAt is not null || record.ExpiresAt <= now)
            {
                return AuthenticateResult.Fail("the API token is unknown, revoked or expired");
            }

            Scopes.TryParse(record.Scopes, out var scopes, out _);
            var groups = await store.ListGroupsOfUserAsync(record.UserName, Context.RequestAborted);
            caller = new Caller(record.UserName, groups.ToHashSet(StringComparer.Ordinal), scopes);
            cache.Put(hash, caller, now + server.Value.TokenCacheTime);
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

/// <summary>Verified API tokens by hash, each until a deadline.</summary>
internal sealed class TokenCache
{
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string hash, DateTimeOffset now, out Caller caller)
    {
        if (_entries.TryGetValue(hash, out var entry) && entry.Until > now)
        {
            caller = entry.Caller;
            return true;
        }

        caller = null!;
        return false;
    }

    public void Put(string hash, Caller caller, DateTimeOffset until)
    {
        if (_entries.Count > 10_000)
        {
            _entries.Clear();
        }

        _entries[hash] = (caller, until);
    }

    /// <summary>Forgets every entry, so that a change of groups or a revocation applies at once on this instance.</summary>
    public void Clear() => _entries.Clear();
}
