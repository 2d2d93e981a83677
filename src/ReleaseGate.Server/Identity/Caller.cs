using System.Security.Claims;

namespace ReleaseGate.Server.Identity;

/// <summary>Who is calling, as established from an API token or an OIDC bearer token.</summary>
/// <param name="User">The user name (a token's owner, or the JWT's subject).</param>
/// <param name="Groups">The groups the user belongs to.</param>
/// <param name="Scopes">What the credential allows.</param>
public sealed record Caller(string User, IReadOnlySet<string> Groups, Scope Scopes)
{
    /// <summary>The claim type of the user name.</summary>
    public const string UserClaim = "releasegate:user";

    /// <summary>The claim type of a group (one claim a group).</summary>
    public const string GroupClaim = "releasegate:group";

    /// <summary>The claim type of a scope (one claim a scope word).</summary>
    public const string ScopeClaim = "releasegate:scope";

    /// <summary>Whether the credential carries <paramref name="scope"/>.</summary>
    public bool Has(Scope scope) => (Scopes & scope) == scope;

    /// <summary>Whether the user belongs to <paramref name="group"/>.</summary>
    public bool InGroup(string group) => Groups.Contains(group);

    /// <summary>The claims that carry this caller.</summary>
    public IEnumerable<Claim> Claims() =>
        new[] { new Claim(UserClaim, User) }
            .Concat(Groups.Select(g => new Claim(GroupClaim, g)))
            .Concat(Identity.Scopes.Words(Scopes).Select(s => new Claim(ScopeClaim, s)));

    /// <summary>The caller an authenticated principal carries, or null when it carries none.</summary>
    public static Caller? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = principal.FindFirst(UserClaim)?.Value;
        if (user is null)
        {
            return null;
        }

        Identity.Scopes.TryParse(principal.FindAll(ScopeClaim).Select(c => c.Value), out var scopes, out _);
        return new Caller(user, principal.FindAll(GroupClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal), scopes);
    }
}
