using ReleaseGate.Server.Options;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Request size limits: results uploads may be as large as <see cref="ServerOptions.MaxEvidenceBytes"/>, every other body
/// <see cref="ServerOptions.MaxBodyBytes"/>. A declared length over the limit is refused before a byte is used; a body that
/// grows past it while streaming fails the read, and the request writes nothing.
/// </summary>
/// <remarks>
/// A client that sends its body without waiting (no <c>Expect: 100-continue</c>) reads the answer only once the server has
/// taken the body; a server that stops reading resets the connection and the client never sees the 413. So the limit is
/// counted here rather than by Kestrel, and the rest of an oversized body is read and dropped — up to
/// <see cref="DrainFactor"/> times the largest limit, Kestrel's own ceiling, beyond which the connection is cut.
/// </remarks>
internal static class BodyLimits
{
    /// <summary>Kestrel's ceiling, as a multiple of <see cref="ServerOptions.MaxEvidenceBytes"/>.</summary>
    public const int DrainFactor = 2;

    private const string OriginalBody = "releasegate.original-body";
    private const string AppliedLimit = "releasegate.body-limit";

    /// <summary>Endpoint metadata: this endpoint takes evidence-sized bodies.</summary>
    public sealed record EvidenceSized;

    public static Func<HttpContext, RequestDelegate, Task> Middleware(ServerOptions settings) => async (context, next) =>
    {
        var limit = LimitOf(context, settings);
        if (context.Request.ContentLength > limit)
        {
            await DrainAsync(context);
            await Problems.TooLarge(limit).ExecuteAsync(context);
            return;
        }

        context.Items[OriginalBody] = context.Request.Body;
        context.Items[AppliedLimit] = limit;
        context.Request.Body = new LimitedStream(context.Request.Body, limit);
        await next(context);
    };

    /// <summary>The limit that applies to <paramref name="context"/>'s body.</summary>
    public static long LimitOf(HttpContext context, ServerOptions settings) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EvidenceSized>() is null ? settings.MaxBodyBytes : settings.MaxEvidenceBytes;

    /// <summary>
    /// The limit a too-large body passed: the one counted when the request was routed, since an exception handler runs
    /// without the endpoint (whose metadata chose the limit).
    /// </summary>
    public static long AppliedLimitOf(HttpContext context, Exception exception, ServerOptions settings)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BodyTooLargeException tooLarge)
            {
                return tooLarge.Limit;
            }
        }

        return context.Items[AppliedLimit] as long? ?? LimitOf(context, settings);
    }

    /// <summary>
    /// Says which limit a 413 written by the framework (a JSON body that passed the limit while being bound) was about, so
    /// that it reads as the API's own.
    /// </summary>
    public static void Describe(ProblemDetailsContext problem, ServerOptions settings)
    {
        if (problem.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && problem.ProblemDetails.Detail is null)
        {
            var limit = problem.HttpContext.Items[AppliedLimit] as long? ?? LimitOf(problem.HttpContext, settings);
            problem.ProblemDetails.Detail = Problems.TooLargeDetail(limit);
        }
    }

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the body was too large.</summary>
    public static bool IsTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BodyTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads and drops what is left of the body, so that the client reads the answer; gives up at Kestrel's ceiling.</summary>
    public static async Task DrainAsync(HttpContext context)
    {
        var body = context.Items[OriginalBody] as Stream ?? context.Request.Body;
        try
        {
            await body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Past the ceiling, or the client went away: the connection is closed without the rest.
        }
    }

    /// <summary>Thrown when a body passes its endpoint's limit while being read.</summary>
    internal sealed class BodyTooLargeException(long limit) : BadHttpRequestException($"the request body is larger than {limit} bytes", StatusCodes.Status413PayloadTooLarge)
    {
        /// <summary>The limit the body passed.</summary>
        public long Limit { get; } = limit;
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BodyTooLargeException(limit) : read;
        }
    }
}
