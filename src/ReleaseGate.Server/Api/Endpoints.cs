using ReleaseGate.Server.Identity;

namespace ReleaseGate.Server.Api;

/// <summary>Authorisation for endpoints: every API endpoint states the scope it needs, and is refused without it.</summary>
public static class Endpoints
{
    /// <summary>The key under which the authorised caller is kept in <see cref="HttpContext.Items"/>.</summary>
    public const string CallerKey = "releasegate.caller";

    /// <summary>
    /// Requires an authenticated caller whose credential carries <paramref name="scope"/> (<see cref="Scope.None"/>: any
    /// valid credential). A missing or invalid credential is 401 (RG1608), a missing scope 403 (RG1609).
    /// </summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, Scope scope)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Refusal(http, scope) is { } refused)
            {
                return refused;
            }

            http.Items[CallerKey] = Identity.Caller.From(http.User);
            return await next(context);
        });
        builder.WithMetadata(new RequiredScope(scope));
        return builder;
    }

    /// <summary>
    /// Authorises before the endpoint runs — before its body is bound, read or parsed: a request without the scope its
    /// endpoint requires costs a token lookup and nothing more.
    /// </summary>
    public static Func<HttpContext, RequestDelegate, Task> Middleware() => async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>() is { } required && Refusal(context, required.Scope) is { } refused)
        {
            await BodyLimits.DrainAsync(context);
            await refused.ExecuteAsync(context);
            return;
        }

        await next(context);
    };

    /// <summary>The problem when the caller of <paramref name="http"/> may not use an endpoint that requires <paramref name="scope"/>, else null.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Refusal(HttpContext http, Scope scope)
    {
        var caller = Identity.Caller.From(http.User);
        if (caller is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthenticated, "Not authenticated",
                ApiTokenHandler.BearerToken(http.Request) is null
                    ? "send an API token or an OIDC bearer token as 'Authorization: Bearer <token>'; an admin creates tokens with 'releasegate token create'."
                    : "the bearer token is unknown, revoked, expired or invalid; ask an admin for a new one.");
        }

        if (scope != Scope.None && !caller.Has(scope))
        {
            var words = string.Join(", ", Scopes.Words(caller.Scopes));
            return Problems.Forbidden($"this needs a token with the '{Scopes.Words(scope)[0]}' scope; {caller.User}'s token has {(words.Length == 0 ? "none" : words)}.");
        }

        return null;
    }

    /// <summary>The caller authorised by <see cref="Requires"/>.</summary>
    public static Identity.Caller Caller(this HttpContext context) =>
        context?.Items[CallerKey] as Identity.Caller ?? throw new InvalidOperationException("the endpoint has no Requires(...) filter");
}

/// <summary>Endpoint metadata: the scope an endpoint requires, for the authorisation matrix test and the OpenAPI document.</summary>
/// <param name="Scope">The scope (<see cref="Scope.None"/>: any valid credential).</param>
public sealed record RequiredScope(Scope Scope);
