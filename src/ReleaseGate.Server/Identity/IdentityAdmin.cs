using System.Text.Json.Nodes;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Identity;

/// <summary>Identity changes shared by the API and the bootstrap command, each with its ledger entry (subject <c>identity</c>).</summary>
public static class IdentityAdmin
{
    /// <summary>The ledger subject of every identity change.</summary>
    public const string Subject = "identity";

    /// <summary>The group the bootstrap admin joins.</summary>
    public const string AdminsGroup = "admins";

    /// <summary>
    /// Creates the first admin: a user, the <c>admins</c> group, and a token with every scope. Refused once any identity
    /// change is in the ledger, so it can only ever run on a fresh database.
    /// </summary>
    /// <returns>The token to show once, or null when the database already has identities.</returns>
    public static async Task<string?> BootstrapAsync(IGateStore store, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var tx = await store.BeginAsync(cancellationToken);
        if ((await tx.ListLedgerBySubjectAsync(Subject, cancellationToken)).Count > 0)
        {
            return null;
        }

        await tx.AddUserAsync(user, user, cancellationToken);
        await tx.AddGroupAsync(AdminsGroup, "ReleaseGate administrators", cancellationToken);
        await tx.AddMembershipAsync(AdminsGroup, user, cancellationToken);
        var (token, hash) = ApiTokens.Create();
        var scopes = Scopes.Words(Scope.Submit | Scope.Review | Scope.Approve | Scope.Admin);
        var record = await tx.AddApiTokenAsync(new NewApiToken(user, "bootstrap", hash, scopes, null), cancellationToken);
        await tx.AppendLedgerAsync(new NewLedgerEntry(user, LedgerEvents.IdentityBootstrapped, Subject, new JsonObject
        {
            ["user"] = user,
            ["group"] = AdminsGroup,
            ["token"] = record.Id,
            ["scopes"] = new JsonArray(scopes.Select(s => (JsonNode)s).ToArray()),
        }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return token;
    }
}
