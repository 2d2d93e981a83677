using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// A workflow's regression bank: add cases (written out, or a failed case of a stored release), read them with their
/// provenance, lifecycle and history, move them between active, quarantined and retired, and export the bank as a suite file
/// that <c>eval run</c> replays. Nothing deletes a case.
/// </summary>
public static partial class BankApi
{
    /// <summary>The longest quarantine: a disputed case must come back, or be retired, within it.</summary>
    public static readonly TimeSpan MaxQuarantine = TimeSpan.FromDays(180);

    /// <summary>The most cases one request may add.</summary>
    public const int MaxCasesPerRequest = 10_000;

    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/workflows/{workflow}/bank", ListAsync).Requires(Scope.None)
            .WithSummary("List the workflow's bank cases in id order (?state=active,quarantined to filter, ?after=ID&limit=N to page), or with ?format=suite the bank as a suite file (YAML) that 'eval run' replays: active and quarantined cases by default, each with its provenance. A large bank is better as ?format=suite&case_file=NAME.jsonl (the header naming a case file) and ?format=jsonl (that file's case lines).");
        api.MapPost("/workflows/{workflow}/bank", AddAsync).Requires(Scope.Submit)
            .WithSummary("Add cases to the bank: written-out suite cases, or a failed case of a stored release ('from'). A case whose normalised input is already banked is linked to that case, not added twice. All or nothing.");
        api.MapGet("/workflows/{workflow}/bank/{caseId}", GetAsync).Requires(Scope.None)
            .WithSummary("A bank case: its content, provenance and original output, the duplicates linked to it, its lifecycle, and its outcome in every release that replayed it.");
        api.MapPost("/workflows/{workflow}/bank/{caseId}/state", ChangeAsync).Requires(Scope.Approve)
            .WithSummary("Move a bank case: quarantine it (reason, owner, until), make it active again, or retire it (reason). A proposed case is accepted (active) or retired by the gate's regressions.review_new group.");
    }

    internal static async Task<IResult> ListAsync(
        string workflow, string? state, string? format, string? after, int? limit, [FromQuery(Name = "case_file")] string? caseFile,
        HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (await store.GetWorkflowAsync(workflow, cancellationToken) is not { } w)
        {
            return Problems.UnknownWorkflow(workflow);
        }

        List<BankState>? states = null;
        if (state is not null)
        {
            states = [];
            foreach (var word in state.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (RegressionBank.StateOf(word) is not { } s)
                {
                    return Problems.BadField("state", $"'{DisplayText.Escape(word)}' is not a bank state; use active, quarantined, retired or proposed, separated by commas.");
                }

                states.Add(s);
            }
        }

        var now = lifecycle.Now;
        if (format is "suite" or "jsonl")
        {
            var gate = w.CurrentGateDigest is { } digest ? await lifecycle.GateAsync(store, workflow, digest, cancellationToken) : null;
            var rules = gate?.Gate.Regressions;
            if (rules is null)
            {
                return NoRegressions(workflow);
            }

            var header = gate!.Suites.GetValueOrDefault(rules.Suite) is { } file
                ? file with { Cases = [] }
                : new Suite { File = "bank", Name = rules.Suite, Description = $"The regression bank of {workflow}." };
            var wanted = states ?? [BankState.Active, BankState.Quarantined];
            if (format == "jsonl")
            {
                return Results.Stream(async body =>
                {
                    await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
                    if (header.Defaults.Assertions.Count > 0)
                    {
                        await BankSuiteWriter.WriteCaseLinesAsync(writer, Cases(store, workflow, wanted, now, cancellationToken), header, cancellationToken);
                        return;
                    }

                    // The stored JSON is the case's: lines are put together from it, with no case parsed or written again.
                    var text = new StringBuilder(1 << 17);
                    await foreach (var row in store.ReadBankAsync(workflow, null, cancellationToken))
                    {
                        if (wanted.Contains(RegressionBank.StateAt(row, now)))
                        {
                            RegressionBank.AppendLine(text, row);
                            if (text.Length >= 1 << 16)
                            {
                                await writer.WriteAsync(text, cancellationToken);
                                text.Clear();
                            }
                        }
                    }

                    await writer.WriteAsync(text, cancellationToken);
                }, "application/x-ndjson; charset=utf-8", $"{workflow}-bank.cases.jsonl");
            }

            if (caseFile is not null)
            {
                if (!CaseFileName().IsMatch(caseFile))
                {
                    return Problems.BadField("case_file", $"'{DisplayText.Escape(caseFile)}' is not a case file name beside the suite file; use letters, digits, '.', '-' and '_', ending in .jsonl.");
                }

                return TypedResults.Text(Header(rules.Suite, header, caseFile), "application/yaml; charset=utf-8");
            }

            return Results.Stream(async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
                await BankSuiteWriter.WriteAsync(writer, rules.Suite, Cases(store, workflow, wanted, now, cancellationToken), header, cancellationToken);
            }, "application/yaml; charset=utf-8", $"{workflow}-bank.yaml");
        }

        if (format is not null and not "json")
        {
            return Problems.BadField("format", $"'{DisplayText.Escape(format)}' is not a format of the bank; use json (the default), suite (a suite file) or jsonl (its case lines).");
        }

        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var list = new List<BankCaseSummaryV1>();
        await foreach (var row in store.ReadBankAsync(workflow, null, cancellationToken))
        {
            if (after is not null && string.CompareOrdinal(row.CaseId, after) <= 0)
            {
                continue;
            }

            var summary = Summary(context, row, now);
            if (states is not null && !states.Contains(RegressionBank.StateOf(summary.State)!.Value))
            {
                continue;
            }

            list.Add(summary);
            if (list.Count == take)
            {
                break;
            }
        }

        return TypedResults.Ok(list);
    }

    private static string Header(string name, Suite header, string caseFile)
    {
        using var text = new StringWriter();
        BankSuiteWriter.WriteHeader(text, name, [caseFile], header);
        return text.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]{0,200}\.jsonl$")]
    private static partial Regex CaseFileName();

    private static async IAsyncEnumerable<SuiteCase> Cases(
        IGateReader reader, string workflow, IReadOnlyCollection<BankState> states, DateTimeOffset now,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Filtered on the state as of now: a case whose quarantine has expired is exported as the active case it is again.
        await foreach (var row in reader.ReadBankAsync(workflow, null, cancellationToken))
        {
            if (states.Contains(RegressionBank.StateAt(row, now)))
            {
                yield return RegressionBank.Case(row);
            }
        }
    }

    private static async Task<Results<Ok<List<BankAddedV1>>, ProblemHttpResult>> AddAsync(
        string workflow, BankAddRequestV1 request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            return Problems.BadField("reason", "say why the cases are banked: the bank keeps it with each case, and whoever meets the case later reads it.");
        }

        if ((request.Cases is null) == (request.From is null))
        {
            return Problems.BadField("cases", "send either 'cases' (suite cases as JSON) or 'from' (a case of a stored release), not both and not neither.");
        }

        if (await store.GetWorkflowAsync(workflow, cancellationToken) is not { CurrentGateDigest: { } digest })
        {
            return Problems.UnknownWorkflow(workflow);
        }

        var gate = await lifecycle.GateAsync(store, workflow, digest, cancellationToken);
        if (gate.Gate.Regressions is not { } rules)
        {
            return NoRegressions(workflow);
        }

        var now = lifecycle.Now;
        var incident = request.Incident?.Trim() is { Length: > 0 } i ? i : null;
        var toAdd = new List<(SuiteCase Case, BankProvenance Provenance)>();
        if (request.From is { } from)
        {
            var found = await BankSources.FromReleaseAsync(store, lifecycle, workflow, from.Release, from.Suite, from.Case, gate, cancellationToken);
            if (found.Problem is { } problem)
            {
                return Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.BankSourceCase, "Case not found", problem);
            }

            var id = from.Id ?? from.Case;
            var severity = found.Case!.Severity;
            if (from.Severity is { } word)
            {
                if (ReviewPlanner.SeverityOf(word) is not { } given)
                {
                    return Problems.BadField("from.severity", $"'{DisplayText.Escape(word)}' is not a severity; use critical, high, medium or low.");
                }

                severity = given;
            }

            toAdd.Add((found.Case with { Id = id, Severity = severity }, new BankProvenance
            {
                Source = BankSource.Release,
                AddedBy = caller.User,
                AddedAt = now,
                Reason = reason,
                Incident = incident,
                Release = from.Release,
                Reference = $"{found.Suite}/{from.Case}",
                OriginalOutput = found.Output,
            }));
        }
        else
        {
            var source = request.Source is null ? (incident is null ? BankSource.Manual : BankSource.Incident) : RegressionBank.SourceOf(request.Source);
            if (source is not (BankSource.Incident or BankSource.Manual or BankSource.Trace or BankSource.Import))
            {
                return Problems.BadField("source", $"'{DisplayText.Escape(request.Source)}' is not a source a client names; use incident, trace, import or manual ('from' banks a release's case, and a reviewer's flag a reviewed one).");
            }

            if (request.Cases!.Count is 0 or > MaxCasesPerRequest)
            {
                return Problems.BadField("cases", $"send between 1 and {MaxCasesPerRequest:N0} cases in one request.");
            }

            var errors = new List<GateError>();
            for (var n = 0; n < request.Cases.Count; n++)
            {
                if (request.Cases[n] is not JsonObject o)
                {
                    errors.Add(new GateError(ErrorCodes.WrongType, $"cases[{n}] is not a suite case (a JSON object with id, vars or messages, and assert).", SourceLocation.OfFile($"cases[{n}]")));
                    continue;
                }

                var extra = new JsonObject();
                foreach (var key in (string[])["original_output", "reference", "provenance"])
                {
                    if (o[key] is { } value)
                    {
                        extra[key] = value.DeepClone();
                    }
                }

                var wrongType = false;
                foreach (var key in (string[])["original_output", "reference"])
                {
                    if (extra[key] is { } text && text.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    {
                        errors.Add(new GateError(ErrorCodes.WrongType, $"cases[{n}].{key} must be a string.", SourceLocation.OfFile($"cases[{n}].{key}")));
                        wrongType = true;
                    }
                }

                if (wrongType)
                {
                    continue;
                }

                var bare = (JsonObject)o.DeepClone();
                foreach (var (key, _) in extra)
                {
                    bare.Remove(key);
                }

                var parsed = BankCaseJson.Read(bare.ToJsonString(), $"cases[{n}]");
                if (parsed.Value is not { } bankCase)
                {
                    errors.AddRange(parsed.Errors);
                    continue;
                }

                if (bankCase.Assertions.Count == 0)
                {
                    errors.Add(new GateError(ProblemCodes.BankCaseUntestable, $"cases[{n}] ('{DisplayText.Escape(bankCase.Id)}') has no assertion: a bank case that cannot fail protects nothing; say what must hold.", SourceLocation.OfFile($"cases[{n}]")));
                    continue;
                }

                // A case exported from a bank keeps where it first came from; the ledger still records who sent it here.
                BankProvenance? kept = null;
                if (extra["provenance"] is { } given)
                {
                    var read = BankProvenanceJson.Read(given.ToJsonString(), $"cases[{n}].provenance");
                    if (read.Value is null)
                    {
                        errors.AddRange(read.Errors);
                        continue;
                    }

                    kept = read.Value;
                }

                toAdd.Add((bankCase, kept ?? new BankProvenance
                {
                    Source = source.Value,
                    AddedBy = caller.User,
                    AddedAt = now,
                    Reason = reason,
                    Incident = incident,
                    Reference = extra["reference"]?.GetValue<string>(),
                    OriginalOutput = extra["original_output"]?.GetValue<string>(),
                }));
            }

            if (errors.Count > 0)
            {
                return Problems.Invalid(ProblemCodes.InvalidRequest, "cases", errors);
            }
        }

        var state = rules.ReviewNew is null ? BankState.Active : BankState.Proposed;
        try
        {
            return TypedResults.Ok(await StoreWrites.RunAsync(store, async tx =>
            {
                var added = new List<BankAddedV1>();
                foreach (var (bankCase, provenance) in toAdd)
                {
                    var result = await RegressionBank.AddAsync(tx, workflow, bankCase, provenance, state, caller.User, cancellationToken);
                    added.Add(new BankAddedV1(
                        bankCase.Id, result.Added ? "added" : result.Link is null ? "known" : "linked", result.Case.CaseId,
                        RegressionBank.Word(result.Case.State), result.Case.Fingerprint, Link(context, workflow, result.Case.CaseId)));
                }

                return (added, true);
            }, cancellationToken));
        }
        catch (BankCaseIdTakenException taken)
        {
            return Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.BankCaseIdTaken, "Case id taken",
                $"{taken.Message}; nothing was added. Give the case another id (with 'from', say 'id').");
        }
    }

    internal static async Task<Results<Ok<BankCaseV1>, ProblemHttpResult>> GetAsync(
        string workflow, string caseId, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (await store.GetBankCaseAsync(workflow, caseId, cancellationToken) is not { } row)
        {
            return UnknownCase(workflow, caseId);
        }

        var w = await store.GetWorkflowAsync(workflow, cancellationToken);
        var gate = w?.CurrentGateDigest is { } digest ? await lifecycle.GateAsync(store, workflow, digest, cancellationToken) : null;
        var history = new List<BankReplayV1>();
        if (gate?.Gate.Regressions is { } rules)
        {
            BankReplayLine? first = null;
            var candidate = (Seen: false, Pass: true);
            var baseline = (Seen: false, Pass: true);
            var runs = 0;
            void Flush()
            {
                if (first is { } f)
                {
                    history.Add(new BankReplayV1(
                        f.ReleaseId, f.Version, ReleaseStates.Word(f.ReleaseState), f.ReleaseCreatedAt,
                        candidate.Seen ? (candidate.Pass ? "pass" : "fail") : null, baseline.Seen ? (baseline.Pass ? "pass" : "fail") : null,
                        runs, Views.Link(context, f.ReleaseId)));
                }
            }

            await foreach (var line in store.ReadBankReplaysAsync(workflow, rules.Suite, caseId, cancellationToken))
            {
                if (first?.ReleaseId != line.ReleaseId)
                {
                    Flush();
                    first = line;
                    candidate = (false, true);
                    baseline = (false, true);
                    runs = 0;
                }

                runs++;
                var passed = line.Line.Pass == true && line.Line.Error is null;
                if (line.Line.Target == "baseline" || line.RunSource.StartsWith(ReleaseLifecycle.BaselineSource, StringComparison.Ordinal))
                {
                    baseline = (true, baseline.Pass && passed);
                }
                else
                {
                    candidate = (true, candidate.Pass && passed);
                }
            }

            Flush();
        }

        var links = await store.ListBankLinksAsync(row.Id, cancellationToken);
        var events = await store.ListBankEventsAsync(row.Id, cancellationToken);
        var bankCase = RegressionBank.Case(row);
        return TypedResults.Ok(new BankCaseV1(
            Summary(context, row, lifecycle.Now),
            JsonNode.Parse(row.CaseJson), JsonNode.Parse(row.ProvenanceJson), row.Fingerprint,
            bankCase.Bank?.Quarantine?.Reason, row.RetiredReason,
            links.Select(l => new BankLinkV1(l.CaseId, JsonNode.Parse(l.ProvenanceJson), l.Actor, l.CreatedAt)).ToList(),
            events.Select(e => new BankEventV1(RegressionBank.Word(e.State), e.Actor, e.Reason, e.At, e.QuarantineOwner, e.QuarantineUntil)).ToList(),
            history));
    }

    internal static async Task<Results<Ok<BankCaseSummaryV1>, ProblemHttpResult>> ChangeAsync(
        string workflow, string caseId, BankStateRequestV1 request, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (RegressionBank.StateOf(request.State) is not { } to || to == BankState.Proposed)
        {
            return Problems.BadField("state", "say active, quarantined or retired.");
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            return Problems.BadField("reason", "say why: the bank keeps every change of a case with its reason.");
        }

        var now = lifecycle.Now;
        string? owner = null;
        DateTimeOffset? until = null;
        if (to == BankState.Quarantined)
        {
            owner = request.Owner?.Trim();
            if (string.IsNullOrEmpty(owner))
            {
                return Problems.BadField("owner", "a quarantine needs an owner: the person or group who brings the case back or retires it.");
            }

            if (request.Until is not { } u || u <= now || u > now + MaxQuarantine)
            {
                return Problems.BadField("until", $"a quarantine needs an expiry after now and at most {MaxQuarantine.TotalDays:0} days ahead; when it passes, the case is active again.");
            }

            until = u;
        }
        else if (request.Owner is not null || request.Until is not null)
        {
            return Problems.BadField("owner", "owner and until belong to a quarantine only.");
        }

        if (await store.GetBankCaseAsync(workflow, caseId, cancellationToken) is not { } row)
        {
            return UnknownCase(workflow, caseId);
        }

        var from = RegressionBank.StateAt(row, now);
        if (from == BankState.Proposed && await ReviewNewAsync(store, lifecycle, workflow, cancellationToken) is { } group && !caller.InGroup(group))
        {
            return Problems.Forbidden($"bank case '{DisplayText.Escape(caseId)}' was proposed and awaits '{group}', which the gate's regressions.review_new names; {caller.User} is not a member.");
        }

        if (!RegressionBank.CanMove(from, to))
        {
            return Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.BankTransition, "Transition refused",
                $"bank case '{DisplayText.Escape(caseId)}' is {RegressionBank.Word(from)} and cannot become {RegressionBank.Word(to)}; nothing changed. "
                + (from == BankState.Retired ? "A retired case comes back as active." : "Active, quarantined and retired are the states a case moves between."));
        }

        try
        {
            var changed = await StoreWrites.RunAsync(store, async tx =>
                (await RegressionBank.ChangeAsync(tx, workflow, caseId, request.RowVersion, new BankChange(to, caller.User, reason, owner, until), from, cancellationToken), true),
                cancellationToken);
            return TypedResults.Ok(Summary(context, changed, now));
        }
        catch (BankFingerprintTakenException taken)
        {
            return Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.BankTransition, "Transition refused", $"{taken.Message}; nothing changed.");
        }
    }

    /// <summary>The group the current gate of <paramref name="workflow"/> names to accept new bank cases, if any.</summary>
    private static async Task<string?> ReviewNewAsync(IGateReader reader, ReleaseLifecycle lifecycle, string workflow, CancellationToken cancellationToken) =>
        await reader.GetWorkflowAsync(workflow, cancellationToken) is { CurrentGateDigest: { } digest }
            ? (await lifecycle.GateAsync(reader, workflow, digest, cancellationToken)).Gate.Regressions?.ReviewNew
            : null;

    private static BankCaseSummaryV1 Summary(HttpContext context, BankCaseRecord row, DateTimeOffset now)
    {
        var state = RegressionBank.StateAt(row, now);
        var provenance = BankProvenanceJson.Read(row.ProvenanceJson).Value;
        return new BankCaseSummaryV1(
            row.Workflow, row.CaseId, RegressionBank.Word(state), row.Severity,
            provenance is null ? "import" : RegressionBank.Word(provenance.Source), provenance?.Incident,
            provenance?.AddedBy ?? "", provenance?.AddedAt ?? row.CreatedAt, row.Links,
            state == BankState.Quarantined ? row.QuarantineOwner : null, state == BankState.Quarantined ? row.QuarantineUntil : null,
            row.RowVersion, Link(context, row.Workflow, row.CaseId));
    }

    /// <summary>A bank case's address in the API.</summary>
    public static string Link(HttpContext context, string workflow, string caseId) =>
        $"{Views.Root(context)}/api/v1/workflows/{Uri.EscapeDataString(workflow)}/bank/{Uri.EscapeDataString(caseId)}";

    private static ProblemHttpResult NoRegressions(string workflow) =>
        Problems.Of(StatusCodes.Status409Conflict, ProblemCodes.NoRegressions, "No regression bank",
            $"the gate of '{workflow}' has no 'regressions:' section, so no release would replay a bank case; add one (suite: the name its results carry) and register the gate again.");

    private static ProblemHttpResult UnknownCase(string workflow, string caseId) =>
        Problems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Unknown bank case",
            $"the bank of '{workflow}' has no case '{DisplayText.Escape(caseId)}'; 'releasegate bank list --workflow {workflow}' lists them.");
}
