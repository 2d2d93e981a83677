namespace ReleaseGate.Server.Options;

/// <summary>Checks the OIDC settings (section <c>ReleaseGate:Oidc</c>) at start-up, as part of <see cref="ServerOptionsValidator"/>.</summary>
internal static class OidcOptionsValidator
{
    /// <summary>Adds a line to <paramref name="failures"/> for each wrong OIDC setting.</summary>
    public static void Validate(OidcOptions oidc, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(oidc);
        ArgumentNullException.ThrowIfNull(failures);
        if (!oidc.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(oidc.ClientId) || !string.IsNullOrWhiteSpace(oidc.ClientSecret))
            {
                failures.Add("ReleaseGate:Oidc:ClientId or ClientSecret is set but Oidc:Issuer is not; set the issuer (with its Audience and Authority) to sign in through OIDC.");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(oidc.Audience))
        {
            failures.Add("ReleaseGate:Oidc:Audience is required when Oidc:Issuer is set.");
        }

        if (string.IsNullOrWhiteSpace(oidc.Authority) == string.IsNullOrWhiteSpace(oidc.SigningKeysFile))
        {
            failures.Add("ReleaseGate:Oidc needs exactly one of Authority (discovery) or SigningKeysFile (a JWKS file).");
        }
        else if (oidc.SigningKeysFile is { } file && !File.Exists(file))
        {
            failures.Add($"ReleaseGate:Oidc:SigningKeysFile '{file}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(oidc.ClientSecret) && string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            failures.Add("ReleaseGate:Oidc:ClientSecret is set without Oidc:ClientId; set the client id the provider gave the Control Center.");
        }

        if (!oidc.SignInEnabled)
        {
            return;
        }

        if (!oidc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"ReleaseGate:Oidc:Scopes is '{oidc.Scopes}'; it must include 'openid' (the sign-in checks the ID token's nonce).");
        }

        var path = oidc.RedirectPath;
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal)
            || path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path == "/sign-in" || path == "/sign-in/oidc")
        {
            failures.Add($"ReleaseGate:Oidc:RedirectPath '{path}' must be a path of its own on this server, such as /sign-in/callback (not under /api/, no query).");
        }

        Endpoint("AuthorizationEndpoint", oidc.AuthorizationEndpoint, oidc.Authority, failures);
        Endpoint("TokenEndpoint", oidc.TokenEndpoint, oidc.Authority, failures);
    }

    private static void Endpoint(string name, string? value, string? authority, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (string.IsNullOrWhiteSpace(authority))
            {
                failures.Add($"ReleaseGate:Oidc:{name} is required for OIDC sign-in without Oidc:Authority (there is no discovery to read it from).");
            }

            return;
        }

        // The code and the client secret travel to the token endpoint: only over TLS, or to this machine (a provider under test).
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            failures.Add($"ReleaseGate:Oidc:{name} '{value}' must be an absolute https:// URL (http:// only to a loopback address).");
        }
    }
}
