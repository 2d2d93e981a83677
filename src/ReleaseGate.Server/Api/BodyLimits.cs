using Microsoft.AspNetCore.Http.Features;
using ReleaseGate.Server.Options;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Request size limits: results uploads may be as large as <see cref="ServerOptions.MaxEvidenceBytes"/>, every other body
/// <see cref="ServerOptions.MaxBodyBytes"/>. A declared length over the limit is refused before a byte is read; a body that
/// grows past it while streaming fails the read, and the request writes nothing.
/// </summary>
internal static class BodyLimits
{
    /// <summary>Endpoint metadata: this endpoint takes evidence-sized bodies.</summary>
    public sealed record EvidenceSized;

    public static Func<HttpContext, RequestDelegate, Task> Middleware(ServerOptions settings) => async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<EvidenceSized>() is null ? settings.MaxBodyBytes : settings.MaxEvidenceBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            await Problems.TooLarge(limit).ExecuteAsync(context);
            return;
        }

        await next(context);
    };

    /// <summary>The limit that applies to <paramref name="context"/>'s body.</summary>
    public static long LimitOf(HttpContext context, ServerOptions settings) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EvidenceSized>() is null ? settings.MaxBodyBytes : settings.MaxEvidenceBytes;
}
