using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Server.Api;

/// <summary>Builds the ProblemDetails responses of the API: every error carries a stable <c>code</c> and says what to do.</summary>
public static class Problems
{
    /// <summary>A problem with a status, a code, a title and a detail.</summary>
    public static ProblemHttpResult Of(int status, string code, string title, string detail, IEnumerable<string>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors.ToList();
        }

        return TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://releasegate.dev/errors/{code}",
            Extensions = extensions,
        });
    }

    /// <summary>400 with every input error, each as <c>file:line:col: RGnnnn: message</c>.</summary>
    public static ProblemHttpResult Invalid(string code, string what, IReadOnlyCollection<GateError> errors) =>
        Of(StatusCodes.Status400BadRequest, code, $"Invalid {what}",
            $"{errors.Count} {(errors.Count == 1 ? "error" : "errors")} in the {what}; nothing was written. Fix the input and send it again.",
            errors.Order().Select(e => e.ToString()));

    /// <summary>400 for a request field.</summary>
    public static ProblemHttpResult BadField(string field, string detail) =>
        Of(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "Invalid request", $"{field}: {detail}");

    /// <summary>404 for an unknown workflow.</summary>
    public static ProblemHttpResult UnknownWorkflow(string workflow) =>
        Of(StatusCodes.Status404NotFound, ProblemCodes.UnknownWorkflow, "Unknown workflow",
            $"no workflow '{workflow}' is registered; register its gate first with PUT /api/v1/workflows/{workflow}.");

    /// <summary>404 for an unknown release.</summary>
    public static ProblemHttpResult UnknownRelease(string workflow, string version) =>
        Of(StatusCodes.Status404NotFound, ProblemCodes.UnknownRelease, "Unknown release",
            $"workflow '{workflow}' has no release '{version}'; submit it first with POST /api/v1/workflows/{workflow}/releases.");

    /// <summary>403: the caller may not do this.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        Of(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden", detail);

    /// <summary>409: the release is closed.</summary>
    public static ProblemHttpResult Closed(string workflow, string version, string verdict) =>
        Of(StatusCodes.Status409Conflict, ProblemCodes.ReleaseClosed, "Release closed",
            $"release '{version}' of '{workflow}' is {verdict} and takes no further evidence, approvals or waivers; submit a new release.");

    /// <summary>413: the body is too large.</summary>
    public static ProblemHttpResult TooLarge(long limit) =>
        Of(StatusCodes.Status413PayloadTooLarge, ProblemCodes.TooLarge, "Request body too large", TooLargeDetail(limit));

    /// <summary>The detail of a 413 for a body over <paramref name="limit"/> bytes.</summary>
    public static string TooLargeDetail(long limit) =>
        $"the body is larger than this endpoint's limit of {limit} bytes; nothing was written. Split the upload, or raise the server's limit (--max-body-bytes, --max-evidence-bytes).";

    /// <summary>413: a results line is longer than the line limit.</summary>
    public static ProblemHttpResult LineTooLong(string file, long line, long limit) =>
        Of(StatusCodes.Status413PayloadTooLarge, ProblemCodes.LineTooLong, "Results line too long",
            $"line {line} of {DisplayText.Escape(file)} is longer than the server's limit of {limit} bytes for one results line; nothing was written. Shorten the line (a long 'output' can be cut), or raise the limit (--max-evidence-line-bytes).");
}
