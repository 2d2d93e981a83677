using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Operations;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The compliance pages: the findings of the scheduled compliance runs (filtered by workflow and state) with each workflow's
/// latest runs, one finding's page (the scheduler's notifications link there) with its acknowledge and resolve forms, and a
/// manual run. Everything is read and done through <see cref="ComplianceApi"/>'s own handlers, so the rules (owner group or
/// admin, separation of duties, notes required) are the API's.
/// </summary>
internal static class CompliancePages
{
    /// <summary>How many findings the list shows.</summary>
    public const int Limit = 500;

    /// <summary>How many of each workflow's latest runs the list shows.</summary>
    public const int RunsShown = 5;

    private static readonly string[] States = ["unresolved", "open", "acknowledged", "resolved", "all"];

    /// <summary>Maps the compliance pages on the Control Center's signed-in group.</summary>
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/compliance", ShowAsync);
        pages.MapGet("/compliance/findings/{id:long}", FindingAsync);
        pages.MapPost("/compliance/findings/{id:long}/acknowledge", (long id, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle) => ChangeAsync(id, false, http, store, lifecycle));
        pages.MapPost("/compliance/findings/{id:long}/resolve", (long id, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle) => ChangeAsync(id, true, http, store, lifecycle));
        pages.MapPost("/compliance/runs/{workflow}", RunAsync);
    }

    /// <summary>Renders the findings and the latest runs.</summary>
    public static async Task<IResult> ShowAsync(HttpContext http, IGateStore store, ReleaseLifecycle lifecycle, TimeProvider time, string? workflow, string? state)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(time);
        var ui = UiRequest.Of(http);
        var wanted = States.Contains(state) ? state! : "unresolved";
        var chosen = string.IsNullOrEmpty(workflow) ? null : workflow;
        var answer = BankPages.Unwrap(await ComplianceApi.FindingsAsync(chosen, wanted == "all" ? null : wanted, null, Limit, store, lifecycle, http.RequestAborted));
        if (answer is ProblemHttpResult problem)
        {
            return BankPages.Problem(ui, problem);
        }

        var findings = ((Ok<List<FindingV1>>)answer).Value!;
        var page = new Page("Compliance", ui) { Section = "compliance" };
        var html = page.Body;
        var workflows = await store.ListWorkflowsAsync(http.RequestAborted);

        html.Open("form", ("method", "get"), ("action", "/compliance"), ("class", "filters"), ("aria-label", "Filter findings"));
        Filters.Workflow(html, workflows, chosen);
        Filters.Select(html, "state", "State", null, States, wanted);
        html.Tag("button", "Filter", ("type", "submit")).Close("form");

        html.Tag("h2", "Findings", ("id", "findings"));
        if (findings.Count == 0)
        {
            html.Tag("p", wanted == "unresolved" ? "No unresolved findings." : "No findings match.", ("class", "muted"));
        }
        else
        {
            html.Open("div", ("class", "table"), ("tabindex", "0"), ("role", "region"), ("aria-label", "Findings")).Open("table", ("class", "findings")).Open("thead").Open("tr");
            foreach (var column in (string[])["Finding", "State", "Severity", "Workflow", "Release", "Policy", "Owner", "Message", "Age"])
            {
                html.Tag("th", column, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Open("tbody");
            var now = time.GetUtcNow();
            foreach (var f in findings)
            {
                var id = f.Id.ToString(CultureInfo.InvariantCulture);
                html.Open("tr", ("data-finding", id))
                    .Open("td").Link(Html.Path("compliance", "findings", id), $"#{id}").Close("td")
                    .Open("td").Tag("span", f.State, ("class", $"badge s-{f.State}"));
                if (f.BlocksNewReleases)
                {
                    html.Tag("div", "blocks new releases", ("class", "muted"));
                }

                html.Close("td")
                    .Open("td").Tag("span", f.Severity, ("class", $"badge s-{f.Severity}")).Close("td")
                    .Tag("td", f.Workflow)
                    .Open("td").Link(Html.Path("releases", f.Release.ToString(CultureInfo.InvariantCulture)), f.Version).Close("td")
                    .Tag("td", f.Policy).Tag("td", f.Owner).Tag("td", f.Message)
                    .Open("td").Tag("time", ReleasesPage.Age(now - f.OpenedAt), ("datetime", f.OpenedAt.ToString("O", CultureInfo.InvariantCulture))).Close("td")
                    .Close("tr");
            }

            html.Close("tbody").Close("table").Close("div");
            if (findings.Count == Limit)
            {
                html.Tag("p", $"The newest {Limit} findings are shown; choose a workflow or a state to see others.", ("class", "muted"));
            }
        }

        html.Tag("h2", "Latest runs", ("id", "runs"));
        var any = false;
        foreach (var w in workflows.Where(w => chosen is null || w.Name == chosen))
        {
            var rules = w.CurrentGateDigest is { } digest ? (await lifecycle.GateAsync(store, w.Name, digest, http.RequestAborted)).Gate.Compliance : null;
            var runs = (await ComplianceApi.RunsAsync(w.Name, RunsShown, store, http.RequestAborted)).Value!;
            if (rules is null && runs.Count == 0)
            {
                continue;
            }

            any = true;
            var heading = $"runs-{w.Name}";
            html.Open("section", ("aria-labelledby", heading), ("data-workflow", w.Name)).Tag("h3", w.Name, ("id", heading));
            if (rules is not null)
            {
                html.Tag("p", $"Schedule {rules.Schedule} ({rules.TimeZone}); {rules.Policies.Count} {(rules.Policies.Count == 1 ? "policy" : "policies")}.", ("class", "muted"));
                var owners = rules.Policies.Select(p => p.Owner).Distinct(StringComparer.Ordinal).ToList();
                if (ui.Caller.Has(Scope.Approve) && (ui.Caller.Has(Scope.Admin) || owners.Any(ui.Caller.InGroup)))
                {
                    ui.Form(html, Html.Path("compliance", "runs", w.Name), ("class", "inline"))
                        .Tag("button", $"Run {w.Name}'s compliance policies now", ("type", "submit")).Close("form");
                }
            }

            if (runs.Count == 0)
            {
                html.Tag("p", "No run yet.", ("class", "muted"));
            }
            else
            {
                Runs(html, w.Name, runs);
            }

            html.Close("section");
        }

        if (!any)
        {
            html.Tag("p", "No workflow's gate has a compliance section.", ("class", "muted"));
        }

        return page;
    }

    private static void Runs(Html html, string workflow, List<ComplianceRunV1> runs)
    {
        html.Open("div", ("class", "table"), ("tabindex", "0"), ("role", "region"), ("aria-label", $"Runs of {workflow}")).Open("table", ("class", "runs")).Open("thead").Open("tr");
        foreach (var column in (string[])["Run", "Started", "Trigger", "By", "Releases × policies", "Violations", "Opened", "Resolved", "Error"])
        {
            html.Tag("th", column, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (var r in runs)
        {
            html.Open("tr", ("data-run", r.Id.ToString(CultureInfo.InvariantCulture)))
                .Tag("td", $"#{r.Id}").Tag("td", BankPages.When(r.StartedAt)).Tag("td", r.Trigger).Tag("td", r.Actor)
                .Tag("td", $"{r.Releases} × {r.Policies}").Tag("td", r.Violations.ToString(CultureInfo.InvariantCulture))
                .Tag("td", r.Opened.ToString(CultureInfo.InvariantCulture)).Tag("td", r.Resolved.ToString(CultureInfo.InvariantCulture))
                .Tag("td", r.Error ?? "—").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    /// <summary>Renders one finding with what the signed-in person may do about it.</summary>
    public static async Task<IResult> FindingAsync(long id, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        var ui = UiRequest.Of(http);
        var answer = BankPages.Unwrap(await ComplianceApi.FindingAsync(id, store, lifecycle, http.RequestAborted));
        if (answer is ProblemHttpResult problem)
        {
            return BankPages.Problem(ui, problem);
        }

        var f = ((Ok<FindingV1>)answer).Value!;
        var release = f.Release.ToString(CultureInfo.InvariantCulture);
        var page = new Page($"Finding #{f.Id}: {f.Policy}", ui) { Section = "compliance" };
        var html = page.Body;
        html.Tag("p", f.Message, ("class", $"verdict s-{(f.State == "resolved" ? "approved" : "blocked")}"), ("id", "finding-message"));
        html.Open("dl", ("class", "facts"))
            .Tag("dt", "State").Open("dd").Tag("span", f.State, ("class", $"badge s-{f.State}"), ("id", "finding-state")).Close("dd")
            .Tag("dt", "Severity").Open("dd").Tag("span", f.Severity, ("class", $"badge s-{f.Severity}")).Close("dd")
            .Tag("dt", "Blocks new releases").Tag("dd", f.BlocksNewReleases ? "yes, until it is resolved" : "no")
            .Tag("dt", "Workflow").Tag("dd", f.Workflow)
            .Tag("dt", "Release").Open("dd").Link(Html.Path("releases", release), f.Version).Close("dd")
            .Tag("dt", "Policy").Tag("dd", f.Policy)
            .Tag("dt", "Rule digest").Open("dd").Tag("code", f.RuleDigest).Close("dd")
            .Tag("dt", "Owner").Tag("dd", f.Owner)
            .Tag("dt", "Opened").Tag("dd", $"{BankPages.When(f.OpenedAt)} by run #{f.OpenedRun}");
        if (f.AcknowledgedBy is not null)
        {
            html.Tag("dt", "Acknowledged").Tag("dd", $"by {f.AcknowledgedBy}, {(f.AcknowledgedAt is { } a ? BankPages.When(a) : "")}: {f.AckNote}", ("id", "finding-ack"));
        }

        if (f.ResolvedBy is not null)
        {
            html.Tag("dt", "Resolved").Tag("dd", $"by {f.ResolvedBy}, {(f.ResolvedAt is { } r ? BankPages.When(r) : "")}: {f.Resolution}", ("id", "finding-resolution"));
        }

        html.Close("dl");
        html.Open("p").Link("/ledger" + Html.Query(("release", release)), "The release's ledger").Text(" · ")
            .Link("/compliance" + Html.Query(("workflow", f.Workflow), ("state", "all")), $"All findings of {f.Workflow}").Close("p");

        // Offered to whom the API allows: the owner group's members and admins, with a token that may approve.
        if (f.State != "resolved" && ui.Caller.Has(Scope.Approve) && (ui.Caller.Has(Scope.Admin) || ui.Caller.InGroup(f.Owner)))
        {
            html.Tag("h2", "Act on it", ("id", "actions")).Open("div", ("class", "actions"));
            if (f.State == "open")
            {
                Change(html, ui, f, "acknowledge", "Acknowledge", "What is being done about it");
            }

            Change(html, ui, f, "resolve", "Resolve", "How it was resolved");
            html.Close("div");
        }
        else if (f.State != "resolved")
        {
            html.Tag("p", $"A member of {f.Owner}, or an admin, acknowledges or resolves this finding.", ("class", "muted"));
        }

        return page;
    }

    private static void Change(Html html, UiRequest ui, FindingV1 f, string verb, string label, string note)
    {
        ui.Form(html, Html.Path("compliance", "findings", f.Id.ToString(CultureInfo.InvariantCulture), verb), ("aria-label", label), ("data-action", verb))
            .Void("input", ("type", "hidden"), ("name", "row_version"), ("value", f.RowVersion.ToString(CultureInfo.InvariantCulture)))
            .Tag("h3", label)
            .Tag("label", note, ("for", $"note-{verb}"))
            .Tag("textarea", "", ("id", $"note-{verb}"), ("name", "note"), ("required", ""))
            .Open("p").Tag("button", label, ("type", "submit"), ("class", "primary")).Close("p").Close("form");
    }

    private static async Task<IResult> ChangeAsync(long id, bool resolve, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        var ui = UiRequest.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        long? rowVersion = long.TryParse((string?)form["row_version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var request = new FindingChangeRequestV1(form["note"], rowVersion);
        return await UiActions.RunAsync(ui, Scope.Approve,
            async () => await ComplianceApi.ChangeAsync(id, request, resolve, http, store, lifecycle, http.RequestAborted),
            back: Html.Path("compliance", "findings", id.ToString(CultureInfo.InvariantCulture)), notice: resolve ? "finding-resolved" : "finding-acknowledged");
    }

    private static async Task<IResult> RunAsync(string workflow, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle, ComplianceRuns runs, Scheduler scheduler) =>
        await UiActions.RunAsync(UiRequest.Of(http), Scope.Approve,
            async () => await ComplianceApi.RunAsync(workflow, http, store, lifecycle, runs, scheduler, http.RequestAborted),
            back: "/compliance" + Html.Query(("workflow", workflow)), notice: "compliance-run");
}
