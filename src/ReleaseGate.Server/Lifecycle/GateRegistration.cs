using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
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
                await SeedBankAsync(tx, lifecycle, loaded, actor, cancellationToken);
                redecided = await lifecycle.RedecideOpenAsync(tx, workflow, actor, $"the gate changed to {digest}", null, cancellationToken);
            }

            var after = await tx.GetWorkflowAsync(workflow, cancellationToken);
            return (new GateRegistered(after!, changed, redecided), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Banks the cases of the gate's bank file (<c>regressions.file</c>) that the workflow's bank does not hold yet. The server's
    /// bank is what releases are decided on, and it only grows: a case taken out of the file stays banked until someone retires it.
    /// A case the file says is retired is not banked; one it quarantines is banked and quarantined as the file says.
    /// </summary>
    private static async Task SeedBankAsync(IGateTransaction tx, ReleaseLifecycle lifecycle, LoadedGate loaded, string actor, CancellationToken cancellationToken)
    {
        if (loaded.Gate.Regressions is not { File: { } path } rules || !loaded.Suites.TryGetValue(rules.Suite, out var file))
        {
            return;
        }

        var workflow = loaded.Gate.Workflow;
        var now = lifecycle.Now;
        foreach (var bankCase in file.Cases)
        {
            var info = bankCase.Bank;
            var state = info?.StateAt(now) ?? BankState.Active;
            if (state == BankState.Retired || await tx.GetBankCaseAsync(workflow, bankCase.Id, cancellationToken) is not null)
            {
                continue;
            }

            var provenance = info?.Provenance ?? new BankProvenance
            {
                Source = BankSource.Import,
                AddedBy = actor,
                AddedAt = now,
                Reason = $"banked from the gate's bank file {path} when the gate was registered",
                Reference = path,
            };
            var added = await RegressionBank.AddAsync(
                tx, workflow, bankCase, provenance, state == BankState.Quarantined ? BankState.Active : state, actor, cancellationToken);
            if (added.Added && state == BankState.Quarantined && info!.Quarantine is { } q)
            {
                await RegressionBank.ChangeAsync(tx, workflow, bankCase.Id, null,
                    new BankChange(BankState.Quarantined, actor, q.Reason, q.Owner, q.Until), BankState.Active, cancellationToken);
            }
        }
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
        if (result.Gate is { Gate.HasRules: true } loaded)
        {
            errors.AddRange(PolicyGuard.Check(loaded.Gate, new CelPolicyEvaluator(TimeProvider.System)));
        }

        return errors.Count == 0 && result.Gate is not null && result.Bundle is not null
            ? (result.Gate, result.Bundle, errors)
            : (null, null, errors.Order().ToList());
    }
}
