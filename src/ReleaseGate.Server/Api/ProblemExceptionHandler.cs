using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Turns exceptions into ProblemDetails with a code: a body over the limit is 413 (RG1605), a malformed body 400 (RG1601),
/// a store conflict 409, anything else 500 (RG1649) — the transaction was not committed, so nothing was written.
/// </summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger, IOptions<ServerOptions> settings) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (BodyLimits.IsTooLarge(exception))
        {
            await BodyLimits.DrainAsync(httpContext);
            await Problems.TooLarge(BodyLimits.AppliedLimitOf(httpContext, exception, settings.Value)).ExecuteAsync(httpContext);
            return true;
        }

        var result = exception switch
        {
            BadHttpRequestException { InnerException: System.Text.Json.JsonException { Message: { } why } json } => Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "Invalid request",
                $"the request body could not be read{(json.Path is { Length: > 1 } path && !why.Contains(path, StringComparison.Ordinal) ? $" at {path}" : "")}: {why}; nothing was written."),
            BadHttpRequestException bad => Problems.Of(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "Invalid request",
                $"the request could not be read ({bad.Message}); nothing was written."),
            // Evidence past a limit found while deciding (an upload catches it itself): refused, and the transaction rolled back.
            EvidenceRefusedException refused => Problems.Invalid(ProblemCodes.InvalidResults, "results", [refused.Error]),
            DuplicateRecordException dup => Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Already exists", dup.Message),
            RecordNotFoundException missing => Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", missing.Message),
            ConcurrencyConflictException conflict => Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Concurrent change",
                $"{conflict.Message}; another request changed the same thing at the same time. Send the request again."),
            _ => null,
        };
        if (result is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            result = Problems.Of(StatusCodes.Status500InternalServerError, ProblemCodes.Internal, "Internal error",
                "the server failed to handle the request; nothing was written. The server's log has the details.");
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }
}
