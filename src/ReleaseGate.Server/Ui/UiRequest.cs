using ReleaseGate.Server.Identity;

namespace ReleaseGate.Server.Ui;

/// <summary>A signed-in request to a Control Center page: who is asking and the token their forms carry.</summary>
/// <param name="Http">The request.</param>
/// <param name="Caller">The signed-in person.</param>
/// <param name="Csrf">The CSRF token every form of the page carries in <see cref="UiSession.CsrfField"/>.</param>
internal sealed record UiRequest(HttpContext Http, Caller Caller, string Csrf)
{
    /// <summary>The key under which the request is kept in <see cref="HttpContext.Items"/>.</summary>
    public const string Key = "releasegate.ui";

    /// <summary>The Control Center request of <paramref name="http"/>, set by the pages' filter.</summary>
    public static UiRequest Of(HttpContext http) =>
        http?.Items[Key] as UiRequest ?? throw new InvalidOperationException("the endpoint is not under the Control Center's pages");

    /// <summary>Writes a form's opening tag and its CSRF field; close it with <c>html.Close("form")</c>.</summary>
    public Html Form(Html html, string action, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Open("form", [("method", "post"), ("action", action), .. attributes]);
        return html.Void("input", ("type", "hidden"), ("name", UiSession.CsrfField), ("value", Csrf));
    }
}
