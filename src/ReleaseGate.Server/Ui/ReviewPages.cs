using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The review queue: the signed-in person's queues (per group and workflow, with counts), "take the next item" (the API's
/// <c>POST /reviews/next</c>), an item with everything a reviewer needs (<see cref="ReviewItemView"/>), and a verdict form
/// that works from the keyboard and, once the verdict is recorded, takes the next item.
/// </summary>
internal static class ReviewPages
{
    private const int QueueLimit = 1000;

    /// <summary>Maps the routes on the signed-in pages' group.</summary>
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/reviews", QueueAsync);
        pages.MapPost("/reviews/next", NextAsync);
        pages.MapGet("/reviews/items/{id:long}", ItemAsync);
        pages.MapPost("/reviews/items/{id:long}/verdict", VerdictAsync);
        pages.MapPost("/reviews/items/{id:long}/give-back", GiveBackAsync);
    }

    /// <summary>The path of an item's page, keeping the queue it was taken from.</summary>
    public static string ItemPath(long id, string? group, string? workflow, string? done = null) =>
        Html.Path("reviews", "items", id.ToString(CultureInfo.InvariantCulture)) + Html.Query(("group", group), ("workflow", workflow), ("done", done));

    private static async Task<IResult> QueueAsync(HttpContext http, IGateStore store, TimeProvider time)
    {
        var ui = UiRequest.Of(http);
        var caller = ui.Caller;
        var page = new Page("Reviews", ui) { Section = "reviews" };
        var html = page.Body;
        var cancel = http.RequestAborted;
        if (!caller.Has(Scope.Review))
        {
            html.Tag("p", "Reviewing needs a token with the 'review' scope, and yours has none; you can read the queues below but not take an item. Ask an admin for one.", ("class", "problem"));
        }

        var groups = caller.Groups.Order(StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            html.Tag("p", "You are in no group, so no review queue is yours. An admin adds people to reviewer groups with 'releasegate group add-member'.", ("class", "muted"));
            return page;
        }

        var releases = new Dictionary<long, ReleaseRecord?>();
        var judged = new Dictionary<long, HashSet<long>>();
        var rows = new List<QueueRow>();
        foreach (var group in groups)
        {
            foreach (var byWorkflow in (await store.ListOpenReviewItemsAsync(group, null, QueueLimit, cancel)).GroupBy(i => i.Workflow, StringComparer.Ordinal))
            {
                var row = new QueueRow(group, byWorkflow.Key);
                foreach (var item in byWorkflow)
                {
                    if (item.State == ReviewItemStatus.Adjudication && item.AdjudicatorGroup == group)
                    {
                        row.Adjudication++;
                    }
                    else
                    {
                        row.Review++;
                    }

                    if (!releases.TryGetValue(item.ReleaseId, out var release))
                    {
                        releases[item.ReleaseId] = release = await store.GetReleaseAsync(item.ReleaseId, cancel);
                        judged[item.ReleaseId] = (await store.ListReviewVerdictsAsync(item.ReleaseId, cancel))
                            .Where(v => v.Reviewer == caller.User).Select(v => v.ItemId).ToHashSet();
                    }

                    if (release is not null && release.Submitter != caller.User && !judged[item.ReleaseId].Contains(item.Id))
                    {
                        row.Yours++;
                    }

                    row.Oldest = row.Oldest is { } o && o <= item.CreatedAt ? o : item.CreatedAt;
                }

                rows.Add(row);
            }
        }

        var yours = rows.Sum(r => r.Yours);
        html.Tag("p", yours == 0
            ? "Nothing waits for you: no open item of your groups is yours to judge."
            : $"{yours} {(yours == 1 ? "item waits" : "items wait")} for you across your groups.", ("id", "queue-summary"));
        if (caller.Has(Scope.Review) && yours > 0)
        {
            ui.Form(html, "/reviews/next", ("class", "take"))
                .Tag("button", "Take the next item", ("type", "submit"), ("class", "primary"), ("data-key", "n"), ("aria-keyshortcuts", "n"))
                .Text(" ").Open("span", ("class", "muted")).Text("or press ").Tag("kbd", "n").Close("span")
                .Close("form");
        }

        if (rows.Count == 0)
        {
            html.Tag("p", $"Your groups ({string.Join(", ", groups)}) have no open review items.", ("class", "muted"));
            return page;
        }

        html.Tag("h2", "Your queues", ("id", "queues"))
            .Open("div", ("class", "table")).Open("table", ("aria-labelledby", "queues")).Open("thead").Open("tr")
            .Tag("th", "Group", ("scope", "col")).Tag("th", "Workflow", ("scope", "col"))
            .Tag("th", "Awaiting review", ("scope", "col")).Tag("th", "Awaiting adjudication", ("scope", "col"))
            .Tag("th", "Yours to judge", ("scope", "col")).Tag("th", "Oldest", ("scope", "col")).Tag("th", "Take", ("scope", "col"))
            .Close("tr").Close("thead").Open("tbody");
        foreach (var row in rows)
        {
            html.Open("tr", ("data-group", row.Group), ("data-workflow", row.Workflow))
                .Tag("td", row.Group).Tag("td", row.Workflow)
                .Tag("td", row.Review.ToString(CultureInfo.InvariantCulture)).Tag("td", row.Adjudication.ToString(CultureInfo.InvariantCulture))
                .Tag("td", row.Yours.ToString(CultureInfo.InvariantCulture))
                .Tag("td", row.Oldest is { } oldest ? ReleasesPage.Age(time.GetUtcNow() - oldest) : "")
                .Open("td");
            if (caller.Has(Scope.Review) && row.Yours > 0)
            {
                ui.Form(html, "/reviews/next", ("class", "inline"))
                    .Void("input", ("type", "hidden"), ("name", "group"), ("value", row.Group))
                    .Void("input", ("type", "hidden"), ("name", "workflow"), ("value", row.Workflow))
                    .Tag("button", "Take the next item", ("type", "submit"), ("aria-label", $"Take the next item of {row.Group} in {row.Workflow}"))
                    .Close("form");
            }

            html.Close("td").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
        html.Tag("p", "Items of releases you submitted, and items you have judged, are never handed to you; an item is handed to at most as many reviewers at once as it needs verdicts.", ("class", "muted"));
        return page;
    }

    private static async Task<IResult> NextAsync(HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        var ui = UiRequest.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return await TakeAsync(ui, store, lifecycle, Optional(form["group"]), Optional(form["workflow"]), recorded: false);
    }

    /// <summary>Takes the next item through the API and opens it; an empty queue goes back to the queue page.</summary>
    private static async Task<IResult> TakeAsync(UiRequest ui, IGateStore store, ReleaseLifecycle lifecycle, string? group, string? workflow, bool recorded)
    {
        var http = ui.Http;
        ReviewItemV1? taken = null;
        var result = await UiActions.RunAsync(ui, Scope.Review, async () =>
        {
            var answer = await ReviewsApi.NextAsync(new ReviewNextRequestV1(group, workflow), http, store, lifecycle, http.RequestAborted);
            taken = (answer.Result as Ok<ReviewItemV1>)?.Value;
            return answer;
        }, back: "/reviews", notice: recorded ? "verdict-queue-empty" : "queue-empty");
        return taken is null ? result : Results.Redirect(ItemPath(taken.Item.Id, group, workflow, recorded ? "verdict-next" : null));
    }

    private static async Task<IResult> ItemAsync(long id, string? group, string? workflow, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        var ui = UiRequest.Of(http);

        // The item is read through the API's own handler, so that the blind-review rule (other verdicts hidden until the
        // caller has given theirs) is the API's.
        http.Items[Endpoints.CallerKey] = ui.Caller;
        var answer = await ReviewsApi.GetAsync(id, http, store, lifecycle, http.RequestAborted);
        if (answer.Result is not Ok<ReviewItemV1> { Value: { } item })
        {
            var problem = ((ProblemHttpResult)answer.Result).ProblemDetails;
            return ControlCenter.Problem(ui, problem.Status ?? StatusCodes.Status404NotFound, problem.Extensions.TryGetValue("code", out var c) ? c?.ToString() ?? "" : "",
                problem.Title ?? "Unknown review item", problem.Detail ?? "");
        }

        var release = await store.GetReleaseAsync(item.Item.ReleaseId, http.RequestAborted);
        var target = id.ToString(CultureInfo.InvariantCulture);
        var escalatedTo = (await store.ListEscalationsAsync(item.Item.ReleaseId, http.RequestAborted))
            .Where(e => e.Kind == Operations.EscalationSweep.ReviewItemKind && e.Target == target).Select(e => e.ToGroup).Distinct(StringComparer.Ordinal).ToList();
        var page = new Page($"Review: {item.Item.Suite} / {item.Item.Case}", ui) { Section = "reviews" };
        ReviewItemView.Write(page.Body, ui, item, release, escalatedTo, group, workflow);
        return page;
    }

    private static async Task<IResult> VerdictAsync(long id, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle, ServerMetrics metrics)
    {
        var ui = UiRequest.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var group = Optional(form["group"]);
        var workflow = Optional(form["workflow"]);
        var request = new ReviewVerdictRequestV1(Optional(form["verdict"]), Optional(form["severity"]), Optional(form["comment"]), form["add_to_bank"].ToString() is "on" or "true" or "1");
        var recorded = false;
        var result = await UiActions.RunAsync(ui, Scope.Review, async () =>
        {
            var answer = await ReviewsApi.VerdictAsync(id, request, http, store, lifecycle, metrics, http.RequestAborted);
            recorded = answer.Result is Ok<ReviewVerdictStoredV1>;
            return answer;
        }, back: ItemPath(id, group, workflow), notice: "verdict");
        return recorded ? await TakeAsync(ui, store, lifecycle, group, workflow, recorded: true) : result;
    }

    private static async Task<IResult> GiveBackAsync(long id, HttpContext http, IGateStore store)
    {
        var ui = UiRequest.Of(http);
        return await UiActions.RunAsync(ui, Scope.Review,
            async () => await ReviewsApi.GiveBackAsync(id, http, store, http.RequestAborted),
            back: "/reviews", notice: "given-back");
    }

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString().Trim();

    /// <summary>One queue: a group's open items of one workflow.</summary>
    private sealed class QueueRow(string group, string workflow)
    {
        public string Group { get; } = group;

        public string Workflow { get; } = workflow;

        public int Review { get; set; }

        public int Adjudication { get; set; }

        public int Yours { get; set; }

        public DateTimeOffset? Oldest { get; set; }
    }
}
