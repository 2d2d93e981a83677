using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// Runs an action of a Control Center form through the API's own code, as the signed-in person: the scope the API
/// endpoint requires is checked the same way, the API handler decides, and its problem (code and detail) is what the
/// person sees when it refuses. On success the browser is sent back to a page (post, redirect, get) with a notice.
/// </summary>
internal static class UiActions
{
    /// <summary>
    /// Runs <paramref name="action"/> (an API handler called with the request's <see cref="HttpContext"/>) when the caller
    /// holds <paramref name="scope"/>; answers a redirect to <paramref name="back"/> with notice <paramref name="notice"/>
    /// (a key of <see cref="UiNotices"/>) on success, or a page with the API's problem.
    /// </summary>
    public static async Task<IResult> RunAsync(UiRequest ui, Scope scope, Func<Task<IResult>> action, string back, string notice)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ArgumentNullException.ThrowIfNull(action);
        if (scope != Scope.None && !ui.Caller.Has(scope))
        {
            var held = string.Join(", ", Scopes.Words(ui.Caller.Scopes));
            return ControlCenter.Problem(ui, StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Not allowed",
                $"this needs a token with the '{Scopes.Words(scope)[0]}' scope, and {ui.Caller.User}'s has {(held.Length > 0 ? held : "none")}; ask an admin.");
        }

        // The API handlers read the caller from where the API's authorisation filter puts it.
        ui.Http.Items[Endpoints.CallerKey] = ui.Caller;
        IResult result;
        try
        {
            result = await action();
        }
        catch (ConcurrencyConflictException conflict)
        {
            // The API answers this through its exception handler as JSON; a form shows it as a page.
            return ControlCenter.Problem(ui, StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Concurrent change",
                $"{conflict.Message}; someone changed it after this page was shown, and nothing was written. Reload the page, check, and try again.");
        }

        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is ProblemHttpResult problem)
        {
            var details = problem.ProblemDetails;
            var code = details.Extensions.TryGetValue("code", out var c) ? c?.ToString() ?? "" : "";
            var errors = details.Extensions.TryGetValue("errors", out var e) && e is IEnumerable<string> list ? " " + string.Join(" ", list) : "";
            return ControlCenter.Problem(ui, problem.StatusCode, code, details.Title ?? "Refused", (details.Detail ?? "") + errors);
        }

        return Results.Redirect(back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=" + Uri.EscapeDataString(notice));
    }
}
