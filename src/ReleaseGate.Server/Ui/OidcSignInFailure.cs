namespace ReleaseGate.Server.Ui;

/// <summary>An OIDC sign-in that cannot complete: what the person sees on the page, with the stable code and what to do.</summary>
/// <param name="code"><see cref="UiCodes.OidcRefused"/> or <see cref="UiCodes.OidcUnverified"/>.</param>
/// <param name="status">The page's HTTP status.</param>
/// <param name="title">The page's title.</param>
/// <param name="detail">What happened and what to do, in a sentence or two.</param>
internal sealed class OidcSignInFailure(string code, int status, string title, string detail) : Exception($"{code}: {detail}")
{
    /// <summary>The stable code.</summary>
    public string Code { get; } = code;

    /// <summary>The page's HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The page's title.</summary>
    public string Title { get; } = title;

    /// <summary>What happened and what to do.</summary>
    public string Detail { get; } = detail;

    /// <summary>The provider refused, or could not be reached (<see cref="UiCodes.OidcRefused"/>).</summary>
    public static OidcSignInFailure Refused(int status, string detail) => new(UiCodes.OidcRefused, status, "Sign-in refused", detail);

    /// <summary>The answer did not check out (<see cref="UiCodes.OidcUnverified"/>).</summary>
    public static OidcSignInFailure Unverified(int status, string detail) => new(UiCodes.OidcUnverified, status, "Sign-in not verified", detail);
}
