namespace ReleaseGate.Server.Options;

/// <summary>
/// Optional OIDC JWT bearer authentication. Tokens are checked for issuer, audience, lifetime and signature; the user
/// is the <c>sub</c> claim (or <see cref="UserClaim"/>), groups come from <see cref="GroupsClaim"/>, and scopes from the
/// <c>scope</c> claim (space-separated words among submit, review, approve, admin).
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The issuer tokens must carry; setting it turns OIDC on.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>The identity provider's metadata address (discovery); when absent, <see cref="SigningKeysFile"/> gives the keys.</summary>
    public string? Authority { get; set; }

    /// <summary>A JWKS file holding the issuer's public signing keys, for servers that cannot reach the identity provider.</summary>
    public string? SigningKeysFile { get; set; }

    /// <summary>The claim that names the user.</summary>
    public string UserClaim { get; set; } = "sub";

    /// <summary>The claim that lists the user's groups.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Whether OIDC is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer);
}
