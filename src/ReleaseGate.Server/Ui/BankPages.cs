using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The regression bank page: each workflow's bank cases with their state, severity, source, incident and their outcome in the
/// workflow's latest decided release, filtered by workflow and state. The list is the API's own (<see cref="BankApi"/>), so a
/// quarantine that has expired shows as the active case it is again. A case's own page is <see cref="BankCasePage"/>.
/// </summary>
internal static class BankPages
{
    /// <summary>How many cases of one workflow a page lists (the API's largest page).</summary>
    public const int PageSize = 1000;

    private static readonly string[] States = ["active", "quarantined", "proposed", "retired"];

    /// <summary>Maps the bank's pages on the Control Center's signed-in group.</summary>
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/bank", ShowAsync);
        pages.MapGet("/bank/{workflow}/{caseId}", BankCasePage.ShowAsync);
        pages.MapPost("/bank/{workflow}/{caseId}/state", BankCasePage.ChangeAsync);
    }

    /// <summary>Renders the list.</summary>
    public static async Task<IResult> ShowAsync(HttpContext http, IGateStore store, ReleaseLifecycle lifecycle, string? workflow, string? state, string? after)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ui = UiRequest.Of(http);
        var wanted = States.Contains(state) ? state : null;
        var page = new Page("Regression bank", ui) { Section = "bank" };
        var html = page.Body;
        var workflows = await store.ListWorkflowsAsync(http.RequestAborted);

        html.Open("form", ("method", "get"), ("action", "/bank"), ("class", "filters"), ("aria-label", "Filter bank cases"));
        Filters.Workflow(html, workflows, workflow);
        Filters.Select(html, "state", "State", "Any state", States, wanted);
        html.Tag("button", "Filter", ("type", "submit")).Close("form");

        var shown = 0;
        foreach (var w in workflows.Where(w => string.IsNullOrEmpty(workflow) || w.Name == workflow))
        {
            if (await store.CountBankAsync(w.Name, http.RequestAborted) == 0)
            {
                continue;
            }

            var listed = await BankApi.ListAsync(w.Name, wanted, null, string.IsNullOrEmpty(workflow) ? null : after, PageSize, null, http, store, lifecycle, http.RequestAborted);
            if (Unwrap(listed) is ProblemHttpResult problem)
            {
                return Problem(ui, problem);
            }

            var cases = (Unwrap(listed) as Ok<List<BankCaseSummaryV1>>)?.Value ?? [];
            var replay = await LatestReplayAsync(store, w.Name, http.RequestAborted);
            var id = $"wf-{w.Name}";
            html.Open("section", ("aria-labelledby", id), ("data-workflow", w.Name)).Tag("h2", w.Name, ("id", id));
            if (replay is { } r)
            {
                html.Open("p", ("class", "muted")).Text("Last replay: the decision on release ")
                    .Link(Html.Path("releases", r.Release.Id.ToString(CultureInfo.InvariantCulture)), r.Release.Version)
                    .Text($", submitted {When(r.Release.CreatedAt)}.").Close("p");
            }
            else
            {
                html.Tag("p", "No decided release has replayed this bank yet.", ("class", "muted"));
            }

            if (cases.Count == 0)
            {
                html.Tag("p", "No cases match.", ("class", "muted")).Close("section");
                continue;
            }

            html.Open("div", ("class", "table"), ("tabindex", "0"), ("role", "region"), ("aria-label", $"Bank cases of {w.Name}")).Open("table").Open("thead").Open("tr");
            foreach (var column in (string[])["Case", "State", "Severity", "Source", "Incident", "Last replay", "Added"])
            {
                html.Tag("th", column, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Open("tbody");
            foreach (var c in cases)
            {
                html.Open("tr", ("data-case", c.Case))
                    .Open("td").Link(Html.Path("bank", c.Workflow, c.Case), c.Case).Close("td")
                    .Open("td").Tag("span", c.State, ("class", $"badge s-{c.State}"));
                if (c.QuarantineUntil is { } until)
                {
                    html.Tag("div", $"until {When(until)}, {c.QuarantineOwner}", ("class", "muted"));
                }

                html.Close("td")
                    .Open("td").Tag("span", c.Severity, ("class", $"badge s-{c.Severity}")).Close("td")
                    .Tag("td", c.Source)
                    .Tag("td", c.Incident ?? "—")
                    .Open("td");
                var outcome = replay?.Outcomes.GetValueOrDefault(c.Case);
                if (outcome is not null)
                {
                    html.Tag("span", outcome, ("class", $"badge s-{(outcome == "pass" ? "pass" : "fail")}"), ("data-outcome", outcome));
                }
                else
                {
                    html.Tag("span", replay is { More: true } ? "see the case" : "not replayed", ("class", "muted"));
                }

                html.Close("td").Tag("td", $"{c.AddedBy}, {When(c.AddedAt)}").Close("tr");
                shown++;
            }

            html.Close("tbody").Close("table").Close("div");
            if (cases.Count == PageSize)
            {
                html.Open("p").Link("/bank" + Html.Query(("workflow", w.Name), ("state", wanted), ("after", cases[^1].Case)), $"Next {PageSize} cases of {w.Name}").Close("p");
            }

            html.Close("section");
        }

        if (shown == 0)
        {
            html.Tag("p", "No bank cases match.", ("class", "muted"));
        }

        return page;
    }

    /// <summary>The outcome of each bank case in the decision on the workflow's latest release whose decision replayed the bank.</summary>
    private sealed record Replay(ReleaseRecord Release, IReadOnlyDictionary<string, string> Outcomes, bool More);

    private static async Task<Replay?> LatestReplayAsync(IGateReader store, string workflow, CancellationToken cancellationToken)
    {
        // A decision records the candidate's outcome of each listed bank case (docs/formats.md, the decision's bank block): what
        // the gate counted, read rather than derived again from the evidence.
        foreach (var release in await store.ListReleasesAsync(workflow, null, 20, cancellationToken))
        {
            var json = (await store.GetLatestDecisionAsync(release.Id, cancellationToken))?.DecisionJson;
            if (json is null || JsonNode.Parse(json)?["bank"] is not JsonObject bank)
            {
                continue;
            }

            var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var c in (bank["cases"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((string?)c["case"] is { } id && (string?)c["candidate"] is { } outcome)
                {
                    outcomes[id] = outcome;
                }
            }

            return new Replay(release, outcomes, (int?)bank["more"] > 0);
        }

        return null;
    }

    /// <summary>The result an API handler answered, unwrapped from its <c>Results&lt;…&gt;</c> union.</summary>
    public static IResult Unwrap(IResult result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result;
    }

    /// <summary>The page for a problem an API handler answered: its status, code, title and detail.</summary>
    public static Page Problem(UiRequest ui, ProblemHttpResult problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var details = problem.ProblemDetails;
        var code = details.Extensions.TryGetValue("code", out var c) ? c?.ToString() ?? "" : "";
        return ControlCenter.Problem(ui, problem.StatusCode, code, details.Title ?? "Refused", details.Detail ?? "");
    }

    /// <summary>A time as the pages write it: to the minute, in UTC.</summary>
    public static string When(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
