using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Output;
using ReleaseGate.Cli.Storage;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate audit verify | export</c>: walk the ledger's hash chain and name the first broken entry, then check that the
/// approvals, waivers, decisions and release states are what its entries imply and name every row that is not (exit 0 intact,
/// 1 broken, 2 error); or write the ledger as JSONL, one canonical entry a line, for offline checking.
/// </summary>
public static class AuditCommand
{
    /// <summary>Builds the <c>audit</c> command with its <c>verify</c> and <c>export</c> verbs.</summary>
    public static Command Create()
    {
        var verifyDb = StoreTarget.CreateOption();
        var decisions = new Option<bool>("--decisions")
        {
            Description = "Also derive every recorded decision again, with the same engine, from the records it names (gate, manifest, evidence, baseline, votes, waivers) and check it is the decision recorded.",
        };
        var verify = new Command("verify", "Check every ledger entry's hash and the chain between them, and that approvals, waivers, decisions and release states are what the entries imply; name what is broken.") { verifyDb, decisions };
        verify.SetAction((parse, ct) => VerifyAsync(parse.GetValue(verifyDb), Console.Out, Console.Error, ct, parse.GetValue(decisions)));

        var exportDb = StoreTarget.CreateOption();
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var after = new Option<long>("--after") { Description = "Export only entries with a sequence number above this one.", DefaultValueFactory = _ => 0 };
        var export = new Command("export", "Write the ledger as JSONL: one entry a line, in RFC 8785 canonical form with its hash.") { exportDb, output, after };
        export.SetAction((parse, ct) => ExportAsync(parse.GetValue(exportDb), parse.GetValue(output), parse.GetValue(after), Console.Out, Console.Error, ct));

        return new Command("audit", "Check and export the tamper-evident ledger.") { verify, export };
    }

    internal static async Task<int> VerifyAsync(string? db, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool decisions = false)
    {
        if (StoreTarget.Resolve(db, stderr) is not { } database)
        {
            return ExitCodes.BadInput;
        }

        try
        {
            var store = await GateStore.OpenAsync(new GateStoreOptions { Database = database, Migrate = false }, cancellationToken).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var watch = Stopwatch.StartNew();
                var result = await store.VerifyLedgerAsync(cancellationToken).ConfigureAwait(false);
                var seconds = watch.Elapsed.TotalSeconds;
                if (result.FirstBreak is { } broken)
                {
                    stderr.WriteLine($"releasegate: {ErrorCodes.LedgerBroken}: ledger entry {broken.Seq} does not verify ({Kind(broken.Kind)}): {Terminal.Safe(broken.Detail)}.");
                    stderr.WriteLine($"{result.EntriesChecked} entries before it verified. The ledger was altered outside ReleaseGate: compare with an earlier export or checkpoint.");
                    return ExitCodes.Blocked;
                }

                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ledger intact: {result.EntriesChecked} entries verified in {seconds:F2} s ({Rate(result.EntriesChecked, seconds)} entries/s); head {result.HeadSeq} {result.HeadHash}"));

                // The chain holds; the state tables must be exactly what its entries imply.
                watch.Restart();
                var state = await store.VerifyStateAsync(cancellationToken).ConfigureAwait(false);
                if (!state.IsConsistent)
                {
                    foreach (var row in state.Breaks)
                    {
                        stderr.WriteLine($"releasegate: {ErrorCodes.StateMismatch}: {row.Table} {row.Id}: {Terminal.Safe(row.Detail)}.");
                    }

                    var more = state.BreakCount - state.Breaks.Count;
                    stderr.WriteLine($"{state.BreakCount} row(s) are not what the ledger implies{(more > 0 ? $" ({more} more not listed)" : "")}. They were written outside ReleaseGate: they do not count; restore them from a backup or an export.");
                    return ExitCodes.Blocked;
                }

                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"state consistent: {state.RowsChecked} rows of releases, decisions, approvals, waivers, review verdicts and bank cases match {state.EntriesRead} ledger entries ({watch.Elapsed.TotalSeconds:F2} s)"));
                return decisions ? await VerifyDecisionsAsync(store, stdout, stderr, cancellationToken).ConfigureAwait(false) : ExitCodes.Pass;
            }
        }
        catch (GateStoreException e)
        {
            StoreTarget.WriteError(e, stderr);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// Derives every recorded decision again from the records it names and compares it with the recorded JSON byte for byte: the
    /// evidence lines, manifests and gate files are not in the ledger's state check, so this is what shows that they still say
    /// what the decisions were made on.
    /// </summary>
    private static async Task<int> VerifyDecisionsAsync(IGateStore store, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var auditor = new ReleaseLifecycle(TimeProvider.System);
        long derived = 0, older = 0, wrong = 0;
        await foreach (var check in auditor.RederiveAllAsync(store, cancellationToken).ConfigureAwait(false))
        {
            var problem = !check.HasInputs || check.Follows ? null
                : check.Failure is { } failure ? $"it cannot be derived again from the records it names: {failure}"
                : $"derived again from the records it names, it is {DecisionJson.Word(check.Again!.Verdict)} with {Differences(check.Recorded.DecisionJson, check.Json!)}, not the decision recorded ({check.Recorded.Verdict}): a record it rests on (evidence lines, a manifest, a gate file) was changed outside ReleaseGate";
            if (!check.HasInputs)
            {
                older++;
            }
            else if (problem is not null)
            {
                wrong++;
                stderr.WriteLine($"releasegate: {ErrorCodes.DecisionNotDerivable}: decision {check.Recorded.Id} of release {check.Release.Id} ({Terminal.Safe(check.Release.Workflow)} {Terminal.Safe(check.Release.Version)}): {Terminal.Safe(problem)}.");
            }
            else
            {
                derived++;
            }
        }

        if (wrong > 0)
        {
            stderr.WriteLine($"{wrong} decision(s) do not follow from the record. Treat it as an incident: restore the records named from a backup or an export, and do not ship the releases named.");
            return ExitCodes.Blocked;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decisions follow from the record: {derived} derived again and identical ({watch.Elapsed.TotalSeconds:F2} s){(older > 0 ? $"; {older} recorded before decisions listed their inputs were not derived" : "")}"));
        return ExitCodes.Pass;
    }

    /// <summary>The checks whose status differs between two decision JSON texts, or "other details" when only text differs.</summary>
    private static string Differences(string recorded, string again)
    {
        static Dictionary<string, string> Statuses(string json) =>
            (JsonNode.Parse(json)?["checks"] as JsonArray ?? []).OfType<JsonObject>()
                .ToDictionary(c => c["id"]?.GetValue<string>() ?? "", c => c["status"]?.GetValue<string>() ?? "", StringComparer.Ordinal);
        var before = Statuses(recorded);
        var after = Statuses(again);
        var changed = before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k} {after.GetValueOrDefault(k, "absent")}").ToList();
        return changed.Count == 0 ? "other details" : string.Join(", ", changed.Take(5)) + (changed.Count > 5 ? ", …" : "");
    }

    internal static async Task<int> ExportAsync(string? db, string? output, long after, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (StoreTarget.Resolve(db, stderr) is not { } database)
        {
            return ExitCodes.BadInput;
        }

        var temporary = output is null ? null : output + ".partial";
        try
        {
            var store = await GateStore.OpenAsync(new GateStoreOptions { Database = database, Migrate = false }, cancellationToken).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                long count = 0;
                var stream = temporary is null ? Console.OpenStandardOutput() : File.Create(temporary);
                await using (stream.ConfigureAwait(false))
                {
                    var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                    await using (writer.ConfigureAwait(false))
                    {
                        await foreach (var entry in store.ReadLedgerAsync(after, null, cancellationToken).ConfigureAwait(false))
                        {
                            await writer.WriteAsync(ExportLine(entry)).ConfigureAwait(false);
                            await writer.WriteAsync('\n').ConfigureAwait(false);
                            count++;
                        }
                    }
                }

                if (output is not null)
                {
                    File.Move(temporary!, output, overwrite: true);
                    stdout.WriteLine($"exported {count} ledger entries to {output}");
                }

                return ExitCodes.Pass;
            }
        }
        catch (GateStoreException e)
        {
            StoreTarget.WriteError(e, stderr);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"releasegate: {ErrorCodes.OutputUnwritable}: {output}: cannot write the export: {e.Message}. Choose a writable path.");
            return ExitCodes.BadInput;
        }
        finally
        {
            if (temporary is not null && File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// One exported line: the canonical encoding the hash covers, with <c>hash</c> added in its sorted place. Removing
    /// <c>"hash":…,</c> gives back the exact bytes whose SHA-256 is the hash.
    /// </summary>
    internal static string ExportLine(LedgerEntry entry)
    {
        var encoding = LedgerHash.CanonicalEncoding(entry.Seq, entry.Time, entry.Actor, entry.Type, entry.Subject, entry.PayloadJson, entry.PrevHash);
        var afterActor = encoding.IndexOf(",\"payload\":", StringComparison.Ordinal);
        return encoding[..afterActor] + ",\"hash\":\"" + entry.Hash + "\"" + encoding[afterActor..];
    }

    private static string Kind(LedgerBreakKind kind) => kind switch
    {
        LedgerBreakKind.HashMismatch => "content changed",
        LedgerBreakKind.ChainMismatch => "chain broken",
        LedgerBreakKind.SequenceGap => "entry missing",
        _ => "tail removed",
    };

    private static string Rate(long count, double seconds) =>
        seconds <= 0 ? "n/a" : (count / seconds).ToString("N0", CultureInfo.InvariantCulture);
}
