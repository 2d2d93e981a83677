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

    /// <summary>
    /// The Control Center's client id at the identity provider; setting it (with <see cref="Issuer"/>) offers "Sign in with
    /// <see cref="ProviderName"/>" on the sign-in page: the authorization code flow with PKCE.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret, for a confidential client (sent to the token endpoint with HTTP Basic); none for a public one.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The scopes the sign-in asks for, space-separated; <c>openid</c> is required. Add the ReleaseGate scopes the provider
    /// should put in the access token's <c>scope</c> claim (<c>review approve</c>) if it grants them only when asked.
    /// </summary>
    public string Scopes { get; set; } = "openid";

    /// <summary>The path the provider sends the browser back to; the redirect URI is <c>PublicUrl</c> (or the request's own address) and this path.</summary>
    public string RedirectPath { get; set; } = "/sign-in/callback";

    /// <summary>The provider's authorization endpoint; by default from discovery at <see cref="Authority"/>.</summary>
    public string? AuthorizationEndpoint { get; set; }

    /// <summary>The provider's token endpoint; by default from discovery at <see cref="Authority"/>.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The provider's name on the sign-in button ("Sign in with …"); by default the issuer's host.</summary>
    public string? ProviderName { get; set; }

    /// <summary>Whether OIDC is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer);

    /// <summary>Whether the Control Center offers OIDC sign-in (OIDC is configured and has a <see cref="ClientId"/>).</summary>
    public bool SignInEnabled => Enabled && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The name on the sign-in button: <see cref="ProviderName"/>, or the issuer's host.</summary>
    public string DisplayName =>
        !string.IsNullOrWhiteSpace(ProviderName) ? ProviderName
        : Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) ? issuer.Host
        : "single sign-on";
}
