namespace ReleaseGate.Server.Ui;

/// <summary>The stable codes of the Control Center's own errors (RG1690-RG1699); each has a page under docs/errors.</summary>
internal static class UiCodes
{
    /// <summary>A form post without this page's CSRF token, or from another site.</summary>
    public const string CsrfRefused = "RG1690";

    /// <summary>The token pasted on the sign-in page is not a valid credential.</summary>
    public const string SignInRefused = "RG1691";

    /// <summary>The session ended (revoked or expired credential) before a form was posted.</summary>
    public const string SignedOut = "RG1692";

    /// <summary>The case, attachment or prompt a page names is not part of the release.</summary>
    public const string NotInRelease = "RG1693";

    /// <summary>The identity provider refused an OIDC sign-in (an error it sent back, or the code exchange failed), or could not be reached.</summary>
    public const string OidcRefused = "RG1696";

    /// <summary>An OIDC sign-in's answer did not check out: a wrong or missing state, or an ID or access token that is not valid here.</summary>
    public const string OidcUnverified = "RG1697";
}
