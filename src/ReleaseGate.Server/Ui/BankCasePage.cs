using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Bank;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// A regression-bank case: its input and expectations, provenance and original output, lifecycle events, duplicates and its
/// outcome in every release that replayed it, as the API reads it (<see cref="BankApi"/>); and the lifecycle changes the
/// signed-in person may make (accept, quarantine, make active, retire), each a form that runs the API's handler.
/// </summary>
internal static class BankCasePage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Renders the case.</summary>
    public static async Task<IResult> ShowAsync(string workflow, string caseId, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        var ui = UiRequest.Of(http);
        var answer = BankPages.Unwrap(await BankApi.GetAsync(workflow, caseId, http, store, lifecycle, http.RequestAborted));
        if (answer is ProblemHttpResult problem)
        {
            return BankPages.Problem(ui, problem);
        }

        var view = ((Ok<BankCaseV1>)answer).Value!;
        var summary = view.Summary;
        var page = new Page($"Bank case {summary.Case}", ui) { Section = "bank" };
        var html = page.Body;

        html.Open("dl", ("class", "facts"))
            .Tag("dt", "Workflow").Open("dd").Link("/bank" + Html.Query(("workflow", summary.Workflow)), summary.Workflow).Close("dd")
            .Tag("dt", "State").Open("dd").Tag("span", summary.State, ("class", $"badge s-{summary.State}"), ("id", "case-state")).Close("dd")
            .Tag("dt", "Severity").Open("dd").Tag("span", summary.Severity, ("class", $"badge s-{summary.Severity}")).Close("dd")
            .Tag("dt", "Source").Tag("dd", summary.Source)
            .Tag("dt", "Incident").Tag("dd", summary.Incident ?? "—")
            .Tag("dt", "Added").Tag("dd", $"by {summary.AddedBy}, {BankPages.When(summary.AddedAt)}")
            .Tag("dt", "Fingerprint").Open("dd").Tag("code", view.Fingerprint).Close("dd");
        if (summary.State == "quarantined")
        {
            html.Tag("dt", "Quarantine").Tag("dd", $"{view.QuarantineReason} (owner {summary.QuarantineOwner}, until {(summary.QuarantineUntil is { } u ? BankPages.When(u) : "—")})");
        }

        if (view.RetiredReason is { } retired && summary.State == "retired")
        {
            html.Tag("dt", "Retired because").Tag("dd", retired);
        }

        html.Close("dl");
        html.Open("p").Link("/ledger" + Html.Query(("workflow", summary.Workflow)), "Ledger of this workflow").Close("p");

        Input(html, view.Case as JsonObject);
        Provenance(html, view.Provenance as JsonObject);
        await ActionsAsync(html, ui, store, lifecycle, summary, http.RequestAborted);
        Events(html, view.Events);
        Duplicates(html, view.Duplicates);
        History(html, view.History);
        return page;
    }

    /// <summary>Runs a lifecycle change posted by one of the case page's forms through the API's handler.</summary>
    public static async Task<IResult> ChangeAsync(string workflow, string caseId, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ui = UiRequest.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var state = (string?)form["state"];
        DateTimeOffset? until = DateTime.TryParseExact((string?)form["until"], ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var u) ? new DateTimeOffset(u, TimeSpan.Zero) : null;
        var owner = ((string?)form["owner"])?.Trim() is { Length: > 0 } o ? o : null;
        long? rowVersion = long.TryParse((string?)form["row_version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var request = new BankStateRequestV1(state, form["reason"], state == "quarantined" ? owner : null, state == "quarantined" ? until : null, rowVersion);
        return await UiActions.RunAsync(ui, Scope.Approve,
            async () => await BankApi.ChangeAsync(workflow, caseId, request, http, store, lifecycle, http.RequestAborted),
            back: Html.Path("bank", workflow, caseId), notice: state is "active" or "quarantined" or "retired" ? $"bank-{state}" : "bank-changed");
    }

    private static void Input(Html html, JsonObject? bankCase)
    {
        if (bankCase is null)
        {
            return;
        }

        html.Tag("h2", "Input", ("id", "input"));
        if ((string?)bankCase["description"] is { } description)
        {
            html.Tag("p", description);
        }

        if (bankCase["messages"] is JsonArray messages)
        {
            html.Open("ol", ("class", "conversation"));
            foreach (var message in messages.OfType<JsonObject>())
            {
                html.Open("li").Tag("strong", (string?)message["role"] ?? "message").Tag("pre", Text(message["content"]));
                if (message["tool_calls"] is JsonNode calls)
                {
                    html.Tag("pre", calls.ToJsonString(Indented));
                }

                html.Close("li");
            }

            html.Close("ol");
        }

        if (bankCase["vars"] is JsonObject vars)
        {
            html.Open("dl", ("class", "facts"), ("aria-label", "Variables"));
            foreach (var (name, value) in vars)
            {
                html.Tag("dt", name).Open("dd").Tag("pre", Text(value)).Close("dd");
            }

            html.Close("dl");
        }

        if (bankCase["slices"] is JsonArray slices && slices.Count > 0)
        {
            html.Tag("p", "Slices: " + string.Join(", ", slices.Select(s => (string?)s)), ("class", "muted"));
        }

        html.Tag("h2", "Expectations", ("id", "expectations")).Open("ul", ("class", "assertions"));
        foreach (var assertion in (bankCase["assert"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var rest = assertion.Where(p => p.Key != "type").Select(p => $"{p.Key}: {Text(p.Value)}");
            html.Open("li").Tag("code", (string?)assertion["type"]).Text(" ").Text(string.Join("; ", rest)).Close("li");
        }

        html.Close("ul");
    }

    private static void Provenance(Html html, JsonObject? provenance)
    {
        if (provenance is null)
        {
            return;
        }

        html.Tag("h2", "Provenance", ("id", "provenance")).Open("dl", ("class", "facts"));
        foreach (var (key, value) in provenance.Where(p => p.Key != "original_output"))
        {
            html.Tag("dt", key.Replace('_', ' ')).Tag("dd", Text(value));
        }

        html.Close("dl");
        if ((string?)provenance["original_output"] is { } output)
        {
            html.Tag("h3", "The output that went wrong").Tag("pre", output, ("class", "output"));
        }
    }

    private static async Task ActionsAsync(Html html, UiRequest ui, IGateReader store, ReleaseLifecycle lifecycle, BankCaseSummaryV1 summary, CancellationToken cancellationToken)
    {
        if (!ui.Caller.Has(Scope.Approve) || RegressionBank.StateOf(summary.State) is not { } from)
        {
            return;
        }

        // A proposed case awaits the group the gate's regressions.review_new names; others are not offered what the API refuses them.
        if (from == BankState.Proposed && await store.GetWorkflowAsync(summary.Workflow, cancellationToken) is { CurrentGateDigest: { } digest }
            && (await lifecycle.GateAsync(store, summary.Workflow, digest, cancellationToken)).Gate.Regressions?.ReviewNew is { } group && !ui.Caller.InGroup(group))
        {
            html.Tag("p", $"This case was proposed and awaits a member of {group}.", ("class", "muted"));
            return;
        }

        var moves = new[] { BankState.Active, BankState.Quarantined, BankState.Retired }.Where(to => RegressionBank.CanMove(from, to)).ToList();
        if (moves.Count == 0)
        {
            return;
        }

        html.Tag("h2", "Change its state", ("id", "actions")).Open("div", ("class", "actions"));
        var action = Html.Path("bank", summary.Workflow, summary.Case, "state");
        foreach (var to in moves)
        {
            var word = RegressionBank.Word(to);
            ui.Form(html, action, ("aria-label", Label(from, to)), ("data-action", word))
                .Void("input", ("type", "hidden"), ("name", "state"), ("value", word))
                .Void("input", ("type", "hidden"), ("name", "row_version"), ("value", summary.RowVersion.ToString(CultureInfo.InvariantCulture)))
                .Tag("h3", Label(from, to))
                .Tag("label", "Reason", ("for", $"reason-{word}"))
                .Tag("textarea", "", ("id", $"reason-{word}"), ("name", "reason"), ("required", ""));
            if (to == BankState.Quarantined)
            {
                html.Tag("label", "Owner", ("for", "owner-quarantined"))
                    .Void("input", ("type", "text"), ("id", "owner-quarantined"), ("name", "owner"), ("value", summary.QuarantineOwner ?? ui.Caller.User), ("required", ""))
                    .Tag("label", $"Until (UTC, at most {BankApi.MaxQuarantine.TotalDays:0} days ahead)", ("for", "until-quarantined"))
                    .Void("input", ("type", "datetime-local"), ("id", "until-quarantined"), ("name", "until"), ("required", ""),
                        ("value", lifecycle.Now.AddDays(14).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)));
            }

            html.Open("p").Tag("button", Label(from, to), ("type", "submit"), ("class", to == BankState.Retired ? "danger" : "primary")).Close("p").Close("form");
        }

        html.Close("div");
    }

    private static string Label(BankState from, BankState to) => (from, to) switch
    {
        (BankState.Proposed, BankState.Active) => "Accept",
        (BankState.Quarantined, BankState.Quarantined) => "Renew the quarantine",
        (_, BankState.Active) => "Make active",
        (_, BankState.Quarantined) => "Quarantine",
        _ => "Retire",
    };

    private static void Events(Html html, IReadOnlyList<BankEventV1> events)
    {
        html.Tag("h2", "Events", ("id", "events")).Open("div", ("class", "table"), ("tabindex", "0"), ("role", "region"), ("aria-label", "Events")).Open("table", ("class", "events")).Open("thead").Open("tr");
        foreach (var column in (string[])["When", "State", "By", "Reason", "Quarantine"])
        {
            html.Tag("th", column, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (var e in events)
        {
            html.Open("tr").Tag("td", BankPages.When(e.At)).Open("td").Tag("span", e.State, ("class", $"badge s-{e.State}")).Close("td")
                .Tag("td", e.Actor).Tag("td", e.Reason)
                .Tag("td", e.Until is { } until ? $"{e.Owner}, until {BankPages.When(until)}" : "—").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static void Duplicates(Html html, IReadOnlyList<BankLinkV1> duplicates)
    {
        html.Tag("h2", "Duplicates", ("id", "duplicates"));
        if (duplicates.Count == 0)
        {
            html.Tag("p", "No other source sent this input.", ("class", "muted"));
            return;
        }

        html.Open("div", ("class", "table"), ("tabindex", "0"), ("role", "region"), ("aria-label", "Duplicates")).Open("table").Open("thead").Open("tr")
            .Tag("th", "Sent as", ("scope", "col")).Tag("th", "Source", ("scope", "col")).Tag("th", "By", ("scope", "col")).Tag("th", "When", ("scope", "col"))
            .Close("tr").Close("thead").Open("tbody");
        foreach (var d in duplicates)
        {
            var source = d.Provenance is JsonObject p ? string.Join(", ", new[] { (string?)p["source"], (string?)p["incident"], (string?)p["reference"] }.Where(s => !string.IsNullOrEmpty(s))) : "";
            html.Open("tr").Tag("td", d.Case).Tag("td", source).Tag("td", d.Actor).Tag("td", BankPages.When(d.At)).Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static void History(Html html, IReadOnlyList<BankReplayV1> history)
    {
        html.Tag("h2", "Replays", ("id", "history"));
        if (history.Count == 0)
        {
            html.Tag("p", "No release has replayed this case yet.", ("class", "muted"));
            return;
        }

        html.Open("div", ("class", "table"), ("tabindex", "0"), ("role", "region"), ("aria-label", "Replays")).Open("table", ("class", "history")).Open("thead").Open("tr");
        foreach (var column in (string[])["Release", "Its state", "Submitted", "Candidate", "Baseline", "Results"])
        {
            html.Tag("th", column, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (var r in history)
        {
            html.Open("tr", ("data-release", r.ReleaseId.ToString(CultureInfo.InvariantCulture)))
                .Open("td").Link(Html.Path("releases", r.ReleaseId.ToString(CultureInfo.InvariantCulture)), r.Release).Close("td")
                .Tag("td", r.ReleaseState).Tag("td", BankPages.When(r.SubmittedAt));
            foreach (var outcome in new[] { r.Candidate, r.Baseline })
            {
                html.Open("td");
                if (outcome is null)
                {
                    html.Tag("span", "—", ("class", "muted"));
                }
                else
                {
                    html.Tag("span", outcome, ("class", $"badge s-{outcome}"));
                }

                html.Close("td");
            }

            html.Tag("td", r.Runs.ToString(CultureInfo.InvariantCulture)).Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(Indented),
    };
}
