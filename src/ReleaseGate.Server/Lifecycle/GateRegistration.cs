using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Server.Api;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>Registers a workflow's gate: the API's <c>PUT /workflows/{w}</c>, and programs (the demo) that start a server with a gate.</summary>
public static class GateRegistration
{
    /// <summary>
    /// Stores a loaded gate bundle as the workflow's current gate, with its ledger entry, and decides every open release
    /// of the workflow again when the gate changed — all in one transaction.
    /// </summary>
    public static async Task<GateRegisteredV1> SaveAsync(
        IGateStore store, ReleaseLifecycle lifecycle, GateBundle bundle, LoadedGate loaded, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(loaded);
        var workflow = loaded.Gate.Workflow;
        var digest = GateBundleStore.DigestOf(bundle);
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
            return (new GateRegisteredV1(Views.Workflow(after!), changed, redecided), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Reads a gate file and every file it names (policy includes, suites, their case files) from disk into a bundle, names
    /// relative to the gate's folder.
    /// </summary>
    /// <returns>The bundle, or null with the files that could not be read.</returns>
    public static (GateBundle? Bundle, IReadOnlyList<GateError> Errors) ReadBundle(string gatePath)
    {
        ArgumentNullException.ThrowIfNull(gatePath);
        var errors = new List<GateError>();
        var folder = Path.GetDirectoryName(gatePath) ?? "";
        var name = Path.GetFileName(gatePath);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Read(gatePath, errors) is not { } text)
        {
            return (null, errors);
        }

        files[name] = text;
        if (GateParser.Parse(text, gatePath).Value is { } gate)
        {
            var named = gate.PolicyIncludes.Select(i => i.File).Concat(gate.Evals.Select(e => e.File)).Append(gate.Regressions?.File).OfType<string>();
            foreach (var relative in named.Select(f => BundlePaths.Relative(name, f)).Distinct(StringComparer.Ordinal))
            {
                if (Read(Path.Combine(folder, relative), errors) is not { } fileText)
                {
                    continue;
                }

                files[relative] = fileText;
                foreach (var caseFile in SuiteParser.Parse(fileText, relative).Value?.CaseFiles ?? [])
                {
                    var casePath = BundlePaths.Relative(relative, caseFile);
                    if (Read(Path.Combine(folder, casePath), errors) is { } cases)
                    {
                        files[casePath] = cases;
                    }
                }
            }
        }

        return errors.Count == 0 ? (new GateBundle(name, files), errors) : (null, errors);
    }

    private static string? Read(string path, List<GateError> errors)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return InputText.Read(stream, path, errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new GateError(ErrorCodes.FileUnreadable, Messages.Unreadable(ex is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : ex.Message), SourceLocation.OfFile(path)));
            return null;
        }
    }
}
