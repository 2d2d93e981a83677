using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The releases page: each workflow's releases with their state, age and what each waits for, filtered by workflow, state
/// and "waiting on me" (a pending approval or review by one of the caller's groups, on a release they did not submit).
/// </summary>
internal static class ReleasesPage
{
    private const int Limit = 200;

    /// <summary>Renders the page.</summary>
    public static async Task<IResult> ShowAsync(HttpContext http, IGateStore store, TimeProvider time, string? workflow, string? state, string? mine)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var ui = UiRequest.Of(http);
        var page = new Page("Releases", ui) { Section = "releases" };
        var html = page.Body;
        var workflows = await store.ListWorkflowsAsync(http.RequestAborted);
        ReleaseState? wanted = Enum.GetValues<ReleaseState>().Where(s => ReleaseStates.Word(s) == state).Select(s => (ReleaseState?)s).FirstOrDefault();
        var onlyMine = mine is "1" or "on" or "true";

        html.Open("form", ("method", "get"), ("action", "/releases"), ("class", "filters"), ("aria-label", "Filter releases"));
        Filters.Workflow(html, workflows, workflow);
        Filters.Select(html, "state", "State", "Any state", Enum.GetValues<ReleaseState>().Select(ReleaseStates.Word), wanted is { } s ? ReleaseStates.Word(s) : null);
        html.Open("div").Open("label", ("for", "f-mine"))
            .Void("input", ("type", "checkbox"), ("id", "f-mine"), ("name", "mine"), ("value", "1"), ("checked", onlyMine ? "" : null))
            .Text(" Waiting on me").Close("label").Close("div");
        html.Tag("button", "Filter", ("type", "submit")).Close("form");

        var shown = 0;
        foreach (var w in workflows.Where(w => string.IsNullOrEmpty(workflow) || w.Name == workflow))
        {
            var rows = new List<(ReleaseRecord Release, DecisionView? Decision, IReadOnlyList<(string Kind, string Group, string CheckId)> Waiting)>();
            foreach (var release in await store.ListReleasesAsync(w.Name, wanted, Limit, http.RequestAborted))
            {
                var decision = DecisionView.Parse((await store.GetLatestDecisionAsync(release.Id, http.RequestAborted))?.DecisionJson);
                var waiting = release.State is ReleaseState.Pending or ReleaseState.Blocked ? decision?.WaitingFor() ?? [] : [];
                if (onlyMine && !waiting.Any(x => ui.Caller.InGroup(x.Group) && (x.Kind == "review" || release.Submitter != ui.Caller.User)))
                {
                    continue;
                }

                rows.Add((release, decision, waiting));
            }

            if (rows.Count == 0 && (onlyMine || wanted is not null))
            {
                continue;
            }

            html.Open("section", ("aria-labelledby", $"wf-{w.Name}")).Tag("h2", w.Name, ("id", $"wf-{w.Name}"));
            if (rows.Count == 0)
            {
                html.Tag("p", "No releases yet.", ("class", "muted")).Close("section");
                continue;
            }

            html.Open("div", ("class", "table")).Open("table").Open("thead").Open("tr")
                .Tag("th", "Release", ("scope", "col")).Tag("th", "State", ("scope", "col")).Tag("th", "Age", ("scope", "col"))
                .Tag("th", "Waits for", ("scope", "col")).Close("tr").Close("thead").Open("tbody");
            foreach (var (release, decision, waiting) in rows)
            {
                var word = ReleaseStates.Word(release.State);
                html.Open("tr", ("data-release", release.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .Open("td").Link(Html.Path("releases", release.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), release.Version)
                    .Tag("div", $"by {release.Submitter}", ("class", "muted")).Close("td")
                    .Open("td").Tag("span", word, ("class", $"badge s-{word}")).Close("td")
                    .Open("td").Tag("time", Age(time.GetUtcNow() - release.CreatedAt), ("datetime", release.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))).Close("td")
                    .Open("td");
                WaitsFor(html, release, decision, waiting);
                html.Close("td").Close("tr");
                shown++;
            }

            html.Close("tbody").Close("table").Close("div").Close("section");
        }

        if (shown == 0)
        {
            html.Tag("p", onlyMine ? "Nothing waits on you." : "No releases match.", ("class", "muted"));
        }

        return page;
    }

    /// <summary>How long ago, in the largest whole unit.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} h",
        _ => $"{(int)age.TotalDays} d",
    };

    private static void WaitsFor(Html html, ReleaseRecord release, DecisionView? decision, IReadOnlyList<(string Kind, string Group, string CheckId)> waiting)
    {
        switch (release.State)
        {
            case ReleaseState.Blocked:
                var failing = decision?.Checks.Where(c => c.Status is "fail" or "error").Select(c => c.Id).ToList() ?? [];
                html.Text(failing.Count == 0 ? "a fix: the decision is blocked" : $"a fix: {string.Join(", ", failing.Take(3))}{(failing.Count > 3 ? $" and {failing.Count - 3} more" : "")}");
                break;
            case ReleaseState.Pending:
                html.Text(waiting.Count == 0 ? "evidence" : string.Join("; ", waiting.Select(w => w.Kind == "review" ? $"review by {w.Group}" : $"approval from {w.Group}")));
                break;
            case ReleaseState.Approved:
                html.Text("shipping");
                break;
            default:
                html.Tag("span", "nothing", ("class", "muted"));
                break;
        }
    }
}
