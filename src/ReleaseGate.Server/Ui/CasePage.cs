using System.Globalization;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Gates;
using ReleaseGate.Core.Model;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// A case of a release (<c>GET /releases/{id}/cases/{caseId}</c>): its input, the candidate's and the baseline's results side by
/// side (outputs, tool calls, each assertion's verdict and reason, repeats, latency and errors), and its history in the
/// regression bank. The case id is a case of one of the gate's suites, or <c>suite/case</c> as severity checks name cases;
/// <c>?suite=</c> picks the suite when the same id is in several. Everything from the evidence is untrusted text: outputs,
/// inputs and reasons are written encoded, in <c>pre</c> elements, never as HTML or markdown.
/// </summary>
internal static partial class CasePage
{
    /// <summary>How many repeats of each side the page shows before "and N more".</summary>
    public const int RepeatsShown = 20;

    /// <summary>
    /// Maps the case page and the release's files (<see cref="AttachmentPages"/>) on the signed-in pages: the pages the
    /// decision page's record links to.
    /// </summary>
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/releases/{id:long}/cases/{**caseId}", ShowAsync);
        AttachmentPages.Map(pages);
    }

    /// <summary>Renders the page.</summary>
    public static async Task<IResult> ShowAsync(long id, string caseId, string? suite, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        var ui = UiRequest.Of(http);
        var cancel = http.RequestAborted;
        if (await store.GetReleaseAsync(id, cancel) is not { } release)
        {
            return ControlCenter.Problem(ui, StatusCodes.Status404NotFound, Api.ProblemCodes.UnknownRelease, "Unknown release", $"there is no release {id}; pick one from the releases page.");
        }

        // A slash sent escaped (Html.Path escapes each segment) reaches the route still escaped.
        caseId = caseId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var decision = await store.GetLatestDecisionAsync(id, cancel);
        var gate = await GateAsync(store, lifecycle, release, decision?.GateDigest);
        var runs = await store.ListEvidenceRunsAsync(id, cancel);
        var found = await ResolveAsync(store, runs, gate, caseId, suite, cancel);
        if (found is null)
        {
            return ControlCenter.Problem(ui, StatusCodes.Status404NotFound, UiCodes.NotInRelease, "Not in this release",
                $"release {release.Version} of {release.Workflow} has no case '{caseId}'{(suite is null ? "" : $" in suite '{suite}'")}: no result names it and no suite of its gate defines it. The decision page links the cases of each check.");
        }

        var (suiteName, name, lines, others) = found.Value;
        var definition = gate?.Suites.GetValueOrDefault(suiteName);
        var defined = definition?.Cases.FirstOrDefault(c => c.Id == name);
        var bank = await BankCasesAsync(store, release.Workflow, gate, suiteName, name, cancel);

        var page = new Page($"{suiteName}/{name}", ui) { Section = "releases" };
        var html = page.Body;
        var releasePath = Html.Path("releases", id.ToString(CultureInfo.InvariantCulture));
        html.Open("p").Link(releasePath, $"← {release.Workflow} {release.Version}").Close("p");
        if (others.Count > 0)
        {
            html.Open("p", ("class", "muted")).Text($"The id '{name}' is also a case of ");
            for (var i = 0; i < others.Count; i++)
            {
                html.Text(i == 0 ? "" : ", ").Link(Html.Path("releases", id.ToString(CultureInfo.InvariantCulture), "cases", name) + Html.Query(("suite", others[i])), others[i]);
            }

            html.Text(".").Close("p");
        }

        var candidate = lines.Where(l => !l.Baseline).Select(l => l.Result).ToList();
        var baseline = lines.Where(l => l.Baseline).Select(l => l.Result).ToList();
        Facts(html, suiteName, defined, candidate, baseline);
        Input(html, definition, defined ?? bank.FirstOrDefault()?.Case, candidate.Concat(baseline).FirstOrDefault());
        Results(html, candidate, baseline);
        await BankAsync(html, store, release, gate?.Gate.Regressions?.Suite, bank, cancel);
        return page;
    }

    private static async Task<LoadedGate?> GateAsync(IGateStore store, ReleaseLifecycle lifecycle, ReleaseRecord release, string? digest)
    {
        try
        {
            return await lifecycle.GateAsync(store, release.Workflow, digest ?? release.GateDigest, default);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
        {
            // The gate is only where a case's definition comes from: without it the page shows what the evidence holds.
            return null;
        }
    }

    /// <summary>
    /// Finds the case: <c>?suite=</c> when given; else the id in each suite the gate names (and the evidence holds), then
    /// <c>suite/case</c> split at its first slash. Returns its lines and the other suites that have a case of that id.
    /// </summary>
    private static async Task<(string Suite, string Case, List<ResultView> Lines, List<string> Others)?> ResolveAsync(
        IGateStore store, IReadOnlyList<EvidenceRunRecord> runs, LoadedGate? gate, string caseId, string? suite, CancellationToken cancel)
    {
        var suites = new List<string>();
        if (gate is not null)
        {
            suites.AddRange(gate.Gate.Evals.Select(e => e.Suite));
            if (gate.Gate.Regressions is { } rules)
            {
                suites.Add(rules.Suite);
            }
        }

        var candidates = new List<(string Suite, string Case)>();
        if (suite is not null)
        {
            candidates.Add((suite, caseId));
        }
        else
        {
            if (caseId.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 && suites.Contains(caseId[..slash], StringComparer.Ordinal))
            {
                candidates.Add((caseId[..slash], caseId[(slash + 1)..]));
            }

            candidates.AddRange(suites.Distinct(StringComparer.Ordinal).Select(s => (s, caseId)));
        }

        (string Suite, string Case, List<ResultView> Lines)? first = null;
        var others = new List<string>();
        foreach (var (s, c) in candidates)
        {
            var lines = await LinesAsync(store, runs, s, c, cancel);
            var definedHere = gate?.Suites.GetValueOrDefault(s)?.Cases.Any(x => x.Id == c) == true;
            if (lines.Count == 0 && !definedHere)
            {
                continue;
            }

            if (first is null)
            {
                first = (s, c, lines);
                if (suite is not null || c != caseId)
                {
                    // Named exactly (?suite= or suite/case): no other suite is meant.
                    break;
                }
            }
            else if (c == first.Value.Case && s != first.Value.Suite)
            {
                others.Add(s);
            }
        }

        return first is { } f ? (f.Suite, f.Case, f.Lines, others) : null;
    }

    private static async Task<List<ResultView>> LinesAsync(IGateStore store, IReadOnlyList<EvidenceRunRecord> runs, string suite, string caseId, CancellationToken cancel)
    {
        var lines = new List<ResultView>();
        foreach (var run in runs)
        {
            var baselineRun = run.Source.StartsWith(ReleaseLifecycle.BaselineSource, StringComparison.Ordinal);
            await foreach (var line in store.ReadCaseLinesAsync(run.Id, suite, caseId, cancel))
            {
                lines.Add(new ResultView(baselineRun || line.Target == "baseline", ResultLine.From(line)));
            }
        }

        return lines;
    }

    private static void Facts(Html html, string suite, SuiteCase? defined, List<ResultLine> candidate, List<ResultLine> baseline)
    {
        html.Open("dl", ("class", "facts"));
        html.Tag("dt", "Suite").Tag("dd", suite);
        if (defined?.Description is { } description)
        {
            html.Tag("dt", "Description").Tag("dd", description);
        }

        var all = candidate.Concat(baseline).ToList();
        var slices = all.SelectMany(l => l.Slices).Concat(defined?.Slices ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (slices.Count > 0)
        {
            html.Tag("dt", "Slices").Tag("dd", string.Join(", ", slices));
        }

        var severity = all.Select(l => l.Severity).FirstOrDefault(s => s is not null) ?? defined?.Severity.ToString().ToLowerInvariant();
        if (severity is not null)
        {
            html.Tag("dt", "Severity").Tag("dd", severity);
        }

        html.Tag("dt", "Candidate").Tag("dd", Tally(candidate)).Tag("dt", "Baseline").Tag("dd", Tally(baseline));
        html.Close("dl");
    }

    private static string Tally(List<ResultLine> lines)
    {
        if (lines.Count == 0)
        {
            return "no result";
        }

        var passed = lines.Count(l => l.Pass == true && l.Error is null);
        var errored = lines.Count(l => l.Error is not null);
        var latencies = lines.Where(l => l.LatencyMs is not null).Select(l => l.LatencyMs!.Value).ToList();
        var text = $"{passed} of {lines.Count} {(lines.Count == 1 ? "execution" : "executions")} passed";
        text += errored > 0 ? $", {errored} errored" : "";
        text += latencies.Count > 0 ? $"; mean latency {latencies.Average().ToString("0", CultureInfo.InvariantCulture)} ms" : "";
        return text;
    }

    /// <summary>One stored line of the case and which side it is evidence for.</summary>
    private sealed record ResultView(bool Baseline, ResultLine Result);

    /// <summary>A bank case of this case: the stored row and its definition, when it reads.</summary>
    private sealed record BankMatch(BankCaseRecord Record, SuiteCase? Case, string Why);

    private static async Task<List<BankMatch>> BankCasesAsync(IGateStore store, string workflow, LoadedGate? gate, string suite, string caseId, CancellationToken cancel)
    {
        var matches = new List<BankMatch>();
        if (gate?.Gate.Regressions is { } rules && rules.Suite == suite && await store.GetBankCaseAsync(workflow, caseId, cancel) is { } own)
        {
            matches.Add(new BankMatch(own, BankCaseJson.Read(own.CaseJson).Value, "this case is in the regression bank"));
        }

        // A case banked from a release's result or a reviewer's verdict names where it came from in its provenance.
        var reference = $"{suite}/{caseId}";
        await foreach (var banked in store.ReadBankAsync(workflow, null, cancel))
        {
            if (matches.Any(m => m.Record.Id == banked.Id) || !banked.ProvenanceJson.Contains(reference, StringComparison.Ordinal))
            {
                continue;
            }

            if (BankProvenanceJson.Read(banked.ProvenanceJson).Value?.Reference is { } r && (r == reference || r.EndsWith($"({reference})", StringComparison.Ordinal)))
            {
                matches.Add(new BankMatch(banked, BankCaseJson.Read(banked.CaseJson).Value, $"banked from {r}"));
            }
        }

        return matches;
    }
}
