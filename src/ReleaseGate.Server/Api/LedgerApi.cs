using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Server.Identity;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>The ledger: read entries in order, or by subject; verify the whole chain.</summary>
public static class LedgerApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/ledger", ReadAsync).Requires(Scope.None).WithSummary("Read ledger entries after ?after= (default 0), at most ?limit= (default 100, at most 1000); ?subject= reads one subject's entries.");
        api.MapGet("/ledger/verify", VerifyAsync).Requires(Scope.None).WithSummary("Walk the whole ledger and check every hash and link, then check that approvals, waivers, decisions and release states are what its entries imply; names the first break.");
    }

    private static async Task<Ok<List<LedgerEntryV1>>> ReadAsync(IGateStore store, long? after, int? limit, string? subject, CancellationToken cancellationToken)
    {
        if (subject is not null)
        {
            return TypedResults.Ok((await store.ListLedgerBySubjectAsync(subject, cancellationToken)).Select(Views.Ledger).ToList());
        }

        var entries = new List<LedgerEntryV1>();
        await foreach (var entry in store.ReadLedgerAsync(Math.Max(after ?? 0, 0), Math.Clamp(limit ?? 100, 1, 1000), cancellationToken))
        {
            entries.Add(Views.Ledger(entry));
        }

        return TypedResults.Ok(entries);
    }

    internal static async Task<Ok<LedgerVerificationV1>> VerifyAsync(IGateStore store, CancellationToken cancellationToken)
    {
        var result = await store.VerifyLedgerAsync(cancellationToken);
        if (result.FirstBreak is { } b)
        {
            var broken = new JsonObject { ["seq"] = b.Seq, ["kind"] = b.Kind.ToString(), ["detail"] = b.Detail };
            return TypedResults.Ok(new LedgerVerificationV1(false, result.EntriesChecked, result.HeadSeq, result.HeadHash, broken));
        }

        // The chain holds: the state tables must be what its entries imply.
        var state = await store.VerifyStateAsync(cancellationToken);
        var first = state.Breaks.FirstOrDefault() is { } s
            ? new JsonObject { ["kind"] = "StateMismatch", ["table"] = s.Table, ["id"] = s.Id, ["detail"] = s.Detail, ["count"] = state.BreakCount }
            : null;
        return TypedResults.Ok(new LedgerVerificationV1(state.IsConsistent, result.EntriesChecked, result.HeadSeq, result.HeadHash, first));
    }
}
