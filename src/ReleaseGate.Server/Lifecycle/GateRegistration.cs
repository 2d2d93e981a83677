using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;
using ReleaseGate.Policies;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>Registers a workflow's gate: the API's <c>PUT /workflows/{w}</c>, and programs (the demo) that start a server with a gate.</summary>
public static class GateRegistration
{
    /// <summary>
    /// Stores a loaded gate bundle as the workflow's current gate, with its ledger entry, and decides every open release
    /// of the workflow again when the gate changed — all in one transaction.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="lifecycle">Decides the open releases again.</param>
    /// <param name="bundle">The files the gate uses, as <see cref="Load(GateBundle)"/> returned them.</param>
    /// <param name="loaded">The gate loaded from <paramref name="bundle"/>.</param>
    /// <param name="actor">Who registers it.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<GateRegistered> SaveAsync(
        IGateStore store, ReleaseLifecycle lifecycle, GateBundle bundle, LoadedGate loaded, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(loaded);
        var workflow = loaded.Gate.Workflow;
        var digest = bundle.Digest;
        return await StoreWrites.RunAsync(store, async tx =>
        {
            var before = await tx.GetWorkflowAsync(workflow, cancellationToken);
            var changed = before?.CurrentGateDigest != digest;
            await tx.UpsertWorkflowAsync(workflow, loaded.Gate.Risk.Word(), cancellationToken);
            await GateBundleStore.SaveAsync(tx, workflow, bundle, actor, cancellationToken);
            var redecided = 0;
            if (changed)
            {
                await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.GateRegistered, $"workflow/{workflow}", new JsonObject
                {
                    ["gate"] = digest,
                    ["previous"] = before?.CurrentGateDigest,
                    ["files"] = new JsonArray(bundle.Files.Keys.Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray()),
                }), cancellationToken);
                redecided = await lifecycle.RedecideOpenAsync(tx, workflow, actor, $"the gate changed to {digest}", null, cancellationToken);
            }

            var after = await tx.GetWorkflowAsync(workflow, cancellationToken);
            return (new GateRegistered(after!, changed, redecided), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Loads an uploaded or stored bundle as <c>releasegate check</c> loads the same files (<see cref="GateBundleLoader"/>),
    /// and dry-runs its policy rules and approval conditions (<see cref="PolicyGuard"/>).
    /// </summary>
    /// <param name="bundle">The gate and the files it names.</param>
    /// <returns>The loaded gate and the bundle of the files it uses (the ones its digest covers), or null with every error, sorted.</returns>
    public static (LoadedGate? Gate, GateBundle? Bundle, IReadOnlyList<GateError> Errors) Load(GateBundle bundle) =>
        Guard(GateBundleLoader.Load(bundle));

    /// <summary>Loads the gate at <paramref name="gatePath"/> and the files it names from disk, as <see cref="Load(GateBundle)"/> does a bundle.</summary>
    /// <param name="gatePath">The gate file.</param>
    public static (LoadedGate? Gate, GateBundle? Bundle, IReadOnlyList<GateError> Errors) LoadFile(string gatePath) =>
        Guard(GateBundleLoader.LoadFile(gatePath, keepFiles: true));

    private static (LoadedGate? Gate, GateBundle? Bundle, IReadOnlyList<GateError> Errors) Guard(GateLoadResult result)
    {
        var errors = result.Errors.ToList();
        if (result.Gate is { Gate.NeedsPolicyEngine: true } loaded)
        {
            errors.AddRange(PolicyGuard.Check(loaded.Gate, new CelPolicyEvaluator(TimeProvider.System)));
        }

        return errors.Count == 0 && result.Gate is not null && result.Bundle is not null
            ? (result.Gate, result.Bundle, errors)
            : (null, null, errors.Order().ToList());
    }
}
