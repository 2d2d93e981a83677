using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>Users, groups and API tokens (admins), and who-am-I (anyone).</summary>
public static partial class IdentityApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/me", (HttpContext context) =>
        {
            var caller = context.Caller();
            return TypedResults.Ok(new CallerV1(caller.User, caller.Groups.Order(StringComparer.Ordinal).ToList(), Scopes.Words(caller.Scopes)));
        }).Requires(Scope.None).WithSummary("Who the credential belongs to, with groups and scopes.");
        api.MapPost("/users", AddUserAsync).Requires(Scope.Admin).WithSummary("Create a user, optionally in existing groups.");
        api.MapGet("/users/{name}", GetUserAsync).Requires(Scope.Admin).WithSummary("Read a user and their groups.");
        api.MapPost("/groups", AddGroupAsync).Requires(Scope.Admin).WithSummary("Create a group, optionally with existing users as members.");
        api.MapGet("/groups/{name}", GetGroupAsync).Requires(Scope.Admin).WithSummary("Read a group and its members.");
        api.MapPost("/groups/{name}/members", AddMemberAsync).Requires(Scope.Admin).WithSummary("Add a user to a group.");
        api.MapDelete("/groups/{name}/members/{user}", RemoveMemberAsync).Requires(Scope.Admin)
            .WithSummary("Remove a user from a group; every instance stops counting the membership within a second.");
        api.MapPost("/tokens", CreateTokenAsync).Requires(Scope.Admin).WithSummary("Create an API token for a user; the token is shown in this answer only.");
        api.MapGet("/tokens", ListTokensAsync).Requires(Scope.Admin).WithSummary("List API tokens (of one user with ?user=), revoked ones included; never the tokens themselves.");
        api.MapPost("/tokens/{id:long}/revoke", RevokeTokenAsync).Requires(Scope.Admin)
            .WithSummary("Revoke an API token; every instance refuses it within a second. The last live admin token cannot be revoked.");
    }

    private static async Task<Results<Created<UserV1>, ProblemHttpResult>> AddUserAsync(UserRequestV1 request, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        if (NameProblem("name", request.Name) is { } problem)
        {
            return problem;
        }

        var caller = context.Caller();
        var groups = request.Groups ?? [];
        return await StoreWrites.RunAsync<Results<Created<UserV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetUserAsync(request.Name!, cancellationToken) is not null)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "User exists", $"a user named '{request.Name}' exists already."), false);
            }

            foreach (var group in groups)
            {
                if (await tx.GetGroupAsync(group, cancellationToken) is null)
                {
                    return (UnknownGroup(group), false);
                }
            }

            var user = await tx.AddUserAsync(request.Name!, string.IsNullOrWhiteSpace(request.DisplayName) ? request.Name! : request.DisplayName.Trim(), cancellationToken);
            foreach (var group in groups)
            {
                await tx.AddMembershipAsync(group, user.Name, cancellationToken);
            }

            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.UserAdded, IdentityAdmin.Subject, new JsonObject
            {
                ["user"] = user.Name,
                ["groups"] = new JsonArray(groups.Select(g => (JsonNode)g).ToArray()),
            }), cancellationToken);
            return (TypedResults.Created($"/api/v1/users/{user.Name}", new UserV1(user.Name, user.DisplayName, groups.Order(StringComparer.Ordinal).ToList())), true);
        }, cancellationToken);
    }

    private static async Task<Results<Ok<UserV1>, ProblemHttpResult>> GetUserAsync(string name, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetUserAsync(name, cancellationToken) is not { } user)
        {
            return UnknownUser(name);
        }

        return TypedResults.Ok(new UserV1(user.Name, user.DisplayName, await store.ListGroupsOfUserAsync(name, cancellationToken)));
    }

    private static async Task<Results<Created<GroupV1>, ProblemHttpResult>> AddGroupAsync(GroupRequestV1 request, HttpContext context, IGateStore store, TokenCache cache, CancellationToken cancellationToken)
    {
        if (NameProblem("name", request.Name) is { } problem)
        {
            return problem;
        }

        var caller = context.Caller();
        var members = request.Members ?? [];
        var result = await StoreWrites.RunAsync<Results<Created<GroupV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetGroupAsync(request.Name!, cancellationToken) is not null)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Group exists", $"a group named '{request.Name}' exists already."), false);
            }

            foreach (var member in members)
            {
                if (await tx.GetUserAsync(member, cancellationToken) is null)
                {
                    return (UnknownUser(member), false);
                }
            }

            var group = await tx.AddGroupAsync(request.Name!, request.Description?.Trim() ?? "", cancellationToken);
            foreach (var member in members)
            {
                await tx.AddMembershipAsync(group.Name, member, cancellationToken);
            }

            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.GroupAdded, IdentityAdmin.Subject, new JsonObject
            {
                ["group"] = group.Name,
                ["members"] = new JsonArray(members.Select(m => (JsonNode)m).ToArray()),
            }), cancellationToken);
            return (TypedResults.Created($"/api/v1/groups/{group.Name}", new GroupV1(group.Name, group.Description, members.Order(StringComparer.Ordinal).ToList())), true);
        }, cancellationToken);
        cache.Clear();
        return result;
    }

    private static async Task<Results<Ok<GroupV1>, ProblemHttpResult>> GetGroupAsync(string name, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetGroupAsync(name, cancellationToken) is not { } group)
        {
            return UnknownGroup(name);
        }

        return TypedResults.Ok(new GroupV1(group.Name, group.Description, await store.ListMembersAsync(name, cancellationToken)));
    }

    private static async Task<Results<Ok<GroupV1>, ProblemHttpResult>> AddMemberAsync(string name, MemberRequestV1 request, HttpContext context, IGateStore store, TokenCache cache, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            return Problems.BadField("user", "name the user to add, such as {\"user\":\"alice\"}.");
        }

        var caller = context.Caller();
        var result = await StoreWrites.RunAsync<Results<Ok<GroupV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetGroupAsync(name, cancellationToken) is not { } group)
            {
                return (UnknownGroup(name), false);
            }

            if (await tx.GetUserAsync(request.User, cancellationToken) is null)
            {
                return (UnknownUser(request.User), false);
            }

            await tx.AddMembershipAsync(name, request.User, cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.GroupMemberAdded, IdentityAdmin.Subject, new JsonObject
            {
                ["group"] = name,
                ["user"] = request.User,
            }), cancellationToken);
            return (TypedResults.Ok(new GroupV1(group.Name, group.Description, await tx.ListMembersAsync(name, cancellationToken))), true);
        }, cancellationToken);
        cache.Clear();
        return result;
    }

    private static async Task<Results<Ok<GroupV1>, ProblemHttpResult>> RemoveMemberAsync(string name, string user, HttpContext context, IGateStore store, TokenCache cache, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var result = await StoreWrites.RunAsync<Results<Ok<GroupV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetGroupAsync(name, cancellationToken) is not { } group)
            {
                return (UnknownGroup(name), false);
            }

            if (await tx.GetUserAsync(user, cancellationToken) is null)
            {
                return (UnknownUser(user), false);
            }

            if (!await tx.RemoveMembershipAsync(name, user, cancellationToken))
            {
                return (Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotAMember, "Not a member",
                    $"'{user}' is not a member of '{name}'; nothing was changed. See the members with GET /api/v1/groups/{name}."), false);
            }

            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.GroupMemberRemoved, IdentityAdmin.Subject, new JsonObject
            {
                ["group"] = name,
                ["user"] = user,
            }), cancellationToken);
            return (TypedResults.Ok(new GroupV1(group.Name, group.Description, await tx.ListMembersAsync(name, cancellationToken))), true);
        }, cancellationToken);
        cache.Clear();
        return result;
    }

    private static async Task<Results<Ok<List<TokenV1>>, ProblemHttpResult>> ListTokensAsync(string? user, IGateStore store, CancellationToken cancellationToken)
    {
        if (user is not null && await store.GetUserAsync(user, cancellationToken) is null)
        {
            return UnknownUser(user);
        }

        return TypedResults.Ok((await store.ListApiTokensAsync(user, cancellationToken)).Select(Token).ToList());
    }

    private static async Task<Results<Ok<TokenV1>, ProblemHttpResult>> RevokeTokenAsync(long id, HttpContext context, IGateStore store, TokenCache cache, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var result = await StoreWrites.RunAsync<Results<Ok<TokenV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetApiTokenAsync(id, cancellationToken) is not { } token)
            {
                return (Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.UnknownToken, "Unknown token",
                    $"no API token has id {id}; list them with GET /api/v1/tokens or 'releasegate token list'."), false);
            }

            // The entry goes first: appending holds the ledger head until commit, so two revocations at once are serialised
            // and the checks below read what the other one committed (no double revocation, no revoking the last two admin
            // tokens at once). A refusal rolls the entry back.
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.TokenRevoked, IdentityAdmin.Subject, new JsonObject
            {
                ["token"] = token.Id,
                ["user"] = token.UserName,
                ["name"] = token.Name,
            }), cancellationToken);
            token = (await tx.GetApiTokenAsync(id, cancellationToken))!;
            if (token.RevokedAt is { } revokedAt)
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Already revoked",
                    $"API token {id} of {token.UserName} was revoked at {revokedAt:O}; nothing was changed."), false);
            }

            // The store's clock, which every instance on the database shares: a skewed local clock must not decide which tokens are live.
            var now = store.Clock.GetUtcNow();
            if (IsLiveAdmin(token, now) && !(await tx.ListApiTokensAsync(null, cancellationToken)).Any(t => t.Id != id && IsLiveAdmin(t, now)))
            {
                return (Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.LastAdminToken, "Last admin token",
                    $"API token {id} of {token.UserName} is the last live token with the admin scope; without it no one could manage users, groups and tokens again. " +
                    "Create another admin token first ('releasegate token create --user NAME --scope admin'), then revoke this one."), false);
            }

            return (TypedResults.Ok(Token(await tx.RevokeApiTokenAsync(id, cancellationToken))), true);
        }, cancellationToken);
        cache.Clear();
        return result;
    }

    private static bool IsLiveAdmin(ApiTokenRecord token, DateTimeOffset now) =>
        token.RevokedAt is null && (token.ExpiresAt is null || token.ExpiresAt > now) && Scopes.TryParse(token.Scopes, out var scopes, out _) && scopes.HasFlag(Scope.Admin);

    private static TokenV1 Token(ApiTokenRecord t) => new(t.Id, t.UserName, t.Name, t.Scopes, t.CreatedAt, t.ExpiresAt, t.RevokedAt);

    private static async Task<Results<Created<TokenCreatedV1>, ProblemHttpResult>> CreateTokenAsync(TokenRequestV1 request, HttpContext context, IGateStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            return Problems.BadField("user", "name the token's owner, such as {\"user\":\"ci\",\"scopes\":[\"submit\"]}.");
        }

        if (request.Scopes is not { Count: > 0 } words)
        {
            return Problems.BadField("scopes", "give at least one scope: submit, review, approve, admin.");
        }

        if (!Scopes.TryParse(words, out var scopes, out var unknown))
        {
            return Problems.BadField("scopes", $"'{unknown}' is not a scope; use submit, review, approve or admin.");
        }

        if (request.ExpiresAt is { } expires && expires <= store.Clock.GetUtcNow())
        {
            return Problems.BadField("expires_at", "the expiry is not in the future.");
        }

        var caller = context.Caller();
        var name = string.IsNullOrWhiteSpace(request.Name) ? "token" : request.Name.Trim();
        return await StoreWrites.RunAsync<Results<Created<TokenCreatedV1>, ProblemHttpResult>>(store, async tx =>
        {
            if (await tx.GetUserAsync(request.User, cancellationToken) is null)
            {
                return (UnknownUser(request.User), false);
            }

            var (token, hash) = ApiTokens.Create();
            var stored = await tx.AddApiTokenAsync(new NewApiToken(request.User, name, hash, Scopes.Words(scopes), request.ExpiresAt), cancellationToken);

            // The ledger records that a token exists and what it may do, never the token.
            await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.TokenCreated, IdentityAdmin.Subject, new JsonObject
            {
                ["token"] = stored.Id,
                ["user"] = request.User,
                ["name"] = name,
                ["scopes"] = new JsonArray(stored.Scopes.Select(s => (JsonNode)s).ToArray()),
            }), cancellationToken);
            return (TypedResults.Created($"/api/v1/tokens/{stored.Id}", new TokenCreatedV1(stored.Id, stored.UserName, stored.Name, stored.Scopes, token, stored.ExpiresAt)), true);
        }, cancellationToken);
    }

    private static ProblemHttpResult? NameProblem(string field, string? name) =>
        string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name)
            ? Problems.BadField(field, $"'{name}' is not a valid name; use letters, digits, '.', '_', '-' and '@' (1 to 128 characters), starting with a letter or digit.")
            : null;

    private static ProblemHttpResult UnknownUser(string name) =>
        Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Unknown user", $"no user is named '{name}'; create it with 'releasegate user add {name}'.");

    private static ProblemHttpResult UnknownGroup(string name) =>
        Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Unknown group", $"no group is named '{name}'; create it with 'releasegate group add {name}'.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex NamePattern();
}
