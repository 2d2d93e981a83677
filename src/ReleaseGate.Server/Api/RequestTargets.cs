using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Refuses request targets the API never serves, with a problem (RG1623) rather than a bare status: a path and query
/// longer than <see cref="MaxTargetLength"/> (414), and a path or query whose decoded text holds a control, format or
/// other unprintable character (400).
/// </summary>
/// <remarks>
/// Kestrel refuses some targets before any of the application runs, and answers them bare (no body, connection closed):
/// a NUL (<c>%00</c>) in the path, a malformed request line, and a request line longer than
/// <see cref="MaxRequestLineSize"/>. The line limit is raised above <see cref="MaxTargetLength"/> so that every target in
/// between gets the API's own answer.
/// </remarks>
internal static class RequestTargets
{
    /// <summary>The longest path and query the API serves, in characters.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Kestrel's limit for the whole request line, beyond which it answers 414 itself.</summary>
    public const int MaxRequestLineSize = 64 * 1024;

    public static Func<HttpContext, RequestDelegate, Task> Middleware() => async (context, next) =>
    {
        var request = context.Request;
        var length = request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (length > MaxTargetLength)
        {
            await RefuseAsync(context, StatusCodes.Status414UriTooLong, "Request target too long",
                $"the path and query are {length} characters long; the API takes at most {MaxTargetLength}. Send long values in the body.");
            return;
        }

        if (Unprintable(request.Path.Value) || request.Query.Any(q => Unprintable(q.Key) || q.Value.Any(Unprintable)))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Invalid request target",
                $"the path or query '{DisplayText.Escape(request.Path.Value + Uri.UnescapeDataString(request.QueryString.Value ?? ""))}' holds a control or other unprintable character; names, versions and ids are printable text.");
            return;
        }

        await next(context);
    };

    private static bool Unprintable(string? text) => text is not null && DisplayText.IndexOfUnsafe(text) >= 0;

    private static async Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        await BodyLimits.DrainAsync(context);
        await Problems.Of(status, ProblemCodes.InvalidTarget, title, detail).ExecuteAsync(context);
    }
}
