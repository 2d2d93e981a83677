using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// A review item as a reviewer sees it: why it was sampled, what to judge by (the case's assertions and rubric), the case's
/// input, the candidate's output beside the baseline's with tool calls and each assertion's verdict and reason, and the
/// verdict form with its keyboard shortcuts. Every text here came from an upload or a person and is written encoded.
/// </summary>
internal static class ReviewItemView
{
    /// <summary>Writes <paramref name="item"/> on a page.</summary>
    /// <param name="html">The page's body.</param>
    /// <param name="ui">The signed-in request.</param>
    /// <param name="item">The item as the API answers it.</param>
    /// <param name="release">Its release, when it still exists.</param>
    /// <param name="escalatedTo">The groups the item was escalated to, whose members may also judge it.</param>
    /// <param name="group">The queue's group the item was taken from, kept for taking the next.</param>
    /// <param name="workflow">The queue's workflow the item was taken from, kept for taking the next.</param>
    public static void Write(Html html, UiRequest ui, ReviewItemV1 item, ReleaseRecord? release, IReadOnlyList<string> escalatedTo, string? group, string? workflow)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(ui);
        ArgumentNullException.ThrowIfNull(item);
        var summary = item.Item;
        var id = summary.Id.ToString(CultureInfo.InvariantCulture);
        html.Open("dl", ("class", "facts"), ("id", "item-facts"))
            .Tag("dt", "Release").Open("dd")
            .Link(Html.Path("releases", summary.ReleaseId.ToString(CultureInfo.InvariantCulture)), release is null ? $"release {summary.ReleaseId}" : $"{release.Workflow} {release.Version}")
            .Close("dd")
            .Tag("dt", "Review").Tag("dd", $"{summary.Review}, by {summary.Group} ({summary.ReviewersPerItem} {(summary.ReviewersPerItem == 1 ? "reviewer" : "reviewers")} per item; disputes go to {summary.Adjudicator})")
            .Tag("dt", "Why sampled").Tag("dd", $"{summary.Reason}: {Reason(summary.Reason)}", ("data-reason", summary.Reason))
            .Tag("dt", "State").Tag("dd", $"{summary.State}, {summary.Verdicts} of {summary.ReviewersPerItem} verdicts given")
            .Tag("dt", "Item").Tag("dd", $"{id} (evidence {summary.EvidenceDigest})");
        if (item.LeaseExpires is { } lease)
        {
            html.Tag("dt", "Reserved for you until").Tag("dd", lease.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        }

        html.Close("dl");

        html.Tag("h2", "How to judge", ("id", "instructions"));
        html.Tag("p", item.Adjudication
            ? "The reviewers of this item disagree: your verdict settles it (an adjudication), and needs a comment."
            : "Judge the candidate's output for this case as an expert would: pass when it is an answer you would stand behind, fail when it is not. "
              + "A fail needs a comment, and may raise the case's severity. The other reviewers' verdicts are hidden until you give yours.");
        var assertions = item.Case?["assertions"] as JsonArray ?? [];
        var rubrics = assertions.OfType<JsonObject>().Where(a => (string?)a["type"] is "llm-rubric" or "model-graded" or "rubric").ToList();
        if (rubrics.Count > 0)
        {
            html.Tag("h3", "Rubric").Open("ul", ("class", "rubric"));
            foreach (var rubric in rubrics)
            {
                html.Tag("li", Text(rubric["value"]));
            }

            html.Close("ul");
        }

        if (assertions.Count > 0)
        {
            html.Tag("h3", "What the case asserts").Open("ul", ("class", "assertions-defined"));
            foreach (var assertion in assertions.OfType<JsonObject>())
            {
                html.Open("li").Tag("code", (string?)assertion["type"]).Text(assertion["value"] is { } v ? " " + Text(v) : "")
                    .Text(assertion["threshold"] is JsonValue t ? $" (threshold {t})" : "").Close("li");
            }

            html.Close("ul");
        }

        Case(html, item.Case);
        html.Tag("h2", "Outputs", ("id", "outputs")).Open("div", ("class", "side-by-side"));
        Lines(html, "Candidate", "candidate", item.Candidate);
        Lines(html, "Baseline", "baseline", item.Baseline);
        html.Close("div");

        if (item.Verdicts is { Count: > 0 } verdicts)
        {
            html.Tag("h2", "Verdicts", ("id", "verdicts")).Open("ul", ("class", "verdicts"));
            foreach (var verdict in verdicts)
            {
                html.Open("li").Tag("span", verdict.Verdict, ("class", $"badge s-{verdict.Verdict}")).Text($" {verdict.Reviewer}")
                    .Text(verdict.Adjudication ? " (adjudication)" : "").Text(verdict.Severity is { } s ? $", severity {s}" : "")
                    .Text(string.IsNullOrEmpty(verdict.Comment) ? "" : $": {verdict.Comment}").Close("li");
            }

            html.Close("ul");
        }

        VerdictForm(html, ui, item, release, escalatedTo, group, workflow);
    }

    private static void VerdictForm(Html html, UiRequest ui, ReviewItemV1 item, ReleaseRecord? release, IReadOnlyList<string> escalatedTo, string? group, string? workflow)
    {
        var summary = item.Item;
        var caller = ui.Caller;
        var id = summary.Id;
        html.Tag("h2", "Your verdict", ("id", "verdict-title"));
        var refusal = summary.State is "settled" or "void" ? $"this item is {summary.State}; it takes no more verdicts."
            : !caller.Has(Scope.Review) ? "giving a verdict needs a token with the 'review' scope."
            : release?.Submitter == caller.User ? "you submitted this release; another reviewer must judge it."
            : item.Verdicts?.Any(v => v.Reviewer == caller.User) == true ? "you have given your verdict on this item; one person counts once."
            : escalatedTo.Any(caller.InGroup) ? null
            : item.Adjudication ? (caller.InGroup(summary.Adjudicator) ? null : $"this item awaits adjudication by {summary.Adjudicator}, and you are not a member.")
            : caller.InGroup(summary.Group) ? null : $"this item is reviewed by {summary.Group}, and you are not a member.";
        if (refusal is not null)
        {
            html.Tag("p", "Not offered to you: " + refusal, ("class", "muted"), ("id", "verdict-refused"));
            return;
        }

        var path = Html.Path("reviews", "items", id.ToString(CultureInfo.InvariantCulture));
        html.Open("p", ("class", "shortcuts"), ("id", "shortcuts")).Text("Keyboard: ")
            .Tag("kbd", "p").Text(" pass, ").Tag("kbd", "f").Text(" fail, ").Tag("kbd", "c").Text(" comment, ")
            .Tag("kbd", "Enter").Text(" in the comment submits and takes the next item.").Close("p");
        ui.Form(html, path + "/verdict", ("class", "verdict-form"), ("aria-labelledby", "verdict-title"))
            .Void("input", ("type", "hidden"), ("name", "group"), ("value", group))
            .Void("input", ("type", "hidden"), ("name", "workflow"), ("value", workflow))
            .Open("fieldset").Tag("legend", "Verdict")
            .Open("label", ("class", "choice"), ("for", "verdict-pass"))
            .Void("input", ("type", "radio"), ("id", "verdict-pass"), ("name", "verdict"), ("value", "pass"), ("required", ""), ("data-key", "p"), ("aria-keyshortcuts", "p"))
            .Text(" Pass ").Tag("kbd", "p").Close("label")
            .Open("label", ("class", "choice"), ("for", "verdict-fail"))
            .Void("input", ("type", "radio"), ("id", "verdict-fail"), ("name", "verdict"), ("value", "fail"), ("data-key", "f"), ("aria-keyshortcuts", "f"))
            .Text(" Fail ").Tag("kbd", "f").Close("label")
            .Close("fieldset")
            .Open("label", ("for", "verdict-comment")).Text(item.Adjudication ? "Comment (required) " : "Comment (required for a fail) ").Tag("kbd", "c").Close("label")
            .Void("input", ("type", "text"), ("id", "verdict-comment"), ("name", "comment"), ("maxlength", "4000"), ("autocomplete", "off"), ("data-key", "c"), ("aria-keyshortcuts", "c"))
            .Tag("label", "Severity of a failure (optional; raises the case's, never lowers it)", ("for", "verdict-severity"))
            .Open("select", ("id", "verdict-severity"), ("name", "severity"))
            .Tag("option", "the case's own", ("value", ""));
        foreach (var severity in new[] { "critical", "high", "medium", "low" })
        {
            html.Tag("option", severity, ("value", severity));
        }

        html.Close("select")
            .Open("label", ("for", "verdict-bank"), ("class", "choice"))
            .Void("input", ("type", "checkbox"), ("id", "verdict-bank"), ("name", "add_to_bank"), ("value", "on"))
            .Text(" On a fail, add the case to the regression bank once the failure is settled").Close("label")
            .Open("div", ("class", "buttons"))
            .Tag("button", "Submit and take the next", ("type", "submit"), ("class", "primary"))
            .Close("div").Close("form");
        ui.Form(html, path + "/give-back", ("class", "inline"))
            .Tag("button", "Give it back to the queue", ("type", "submit"), ("class", "link"))
            .Close("form");
    }

    private static void Case(Html html, JsonNode? definition)
    {
        html.Tag("h2", "The case", ("id", "case"));
        if (definition is not JsonObject c)
        {
            html.Tag("p", "The gate has no suite file for this case, so only its results below say what it asked.", ("class", "muted"));
            return;
        }

        html.Open("dl", ("class", "facts"))
            .Tag("dt", "Case").Tag("dd", (string?)c["id"])
            .Tag("dt", "Severity").Tag("dd", (string?)c["severity"])
            .Tag("dt", "Slices").Tag("dd", string.Join(", ", (c["slices"] as JsonArray ?? []).Select(s => (string?)s)))
            .Close("dl");
        if (c["vars"] is JsonObject vars && vars.Count > 0)
        {
            html.Tag("h3", "Input").Open("dl", ("class", "facts input"));
            foreach (var (name, value) in vars)
            {
                html.Tag("dt", name).Open("dd").Tag("pre", Text(value)).Close("dd");
            }

            html.Close("dl");
        }

        if ((string?)c["system_prompt"] is { Length: > 0 } system)
        {
            html.Open("details").Tag("summary", "System prompt").Tag("pre", system).Close("details");
        }

        if ((string?)c["user_prompt"] is { Length: > 0 } user)
        {
            html.Open("details").Tag("summary", "User prompt template").Tag("pre", user).Close("details");
        }
    }

    private static void Lines(Html html, string title, string kind, IReadOnlyList<JsonNode?> lines)
    {
        html.Open("section", ("class", $"outputs {kind}"), ("aria-labelledby", $"out-{kind}")).Tag("h3", title, ("id", $"out-{kind}"));
        if (lines.Count == 0)
        {
            html.Tag("p", kind == "baseline" ? "No baseline result for this case." : "No candidate result for this case.", ("class", "muted")).Close("section");
            return;
        }

        foreach (var line in lines.OfType<JsonObject>().OrderBy(l => l["repeat"] is JsonValue r && r.TryGetValue<double>(out var n) ? n : 0))
        {
            var pass = line["pass"] is JsonValue p && p.TryGetValue<bool>(out var b) ? (b ? "pass" : "fail") : "error";
            html.Open("div", ("class", "result"), ("data-repeat", line["repeat"]?.ToString()))
                .Open("p").Tag("span", pass, ("class", $"badge s-{pass}")).Text($" repeat {line["repeat"]?.ToString() ?? "1"}")
                .Text(line["latency_ms"] is JsonValue l ? $", {l} ms" : "").Text(line["score"] is JsonValue s ? $", score {s}" : "").Close("p");
            if (line["error"] is JsonNode error)
            {
                html.Open("p", ("class", "s-error")).Text("Error: ").Text(Text(error)).Close("p");
            }

            html.Tag("pre", Text(line["output"]), ("class", "output"));
            if (line["tool_calls"] is JsonArray { Count: > 0 } calls)
            {
                html.Open("ul", ("class", "tools"), ("aria-label", "Tool calls"));
                foreach (var call in calls.OfType<JsonObject>())
                {
                    html.Open("li").Text("called ").Tag("code", (string?)call["name"]).Text(call["arguments"] is { } a ? " with " : "")
                        .Tag("code", call["arguments"] is { } args ? Text(args) : null).Close("li");
                }

                html.Close("ul");
            }

            if (line["assertions"] is JsonArray { Count: > 0 } checks)
            {
                html.Open("ul", ("class", "assertions"), ("aria-label", "Assertions"));
                foreach (var check in checks.OfType<JsonObject>())
                {
                    var ok = check["pass"] is JsonValue cp && cp.TryGetValue<bool>(out var cb) && cb ? "pass" : "fail";
                    html.Open("li").Tag("span", ok, ("class", $"badge s-{ok}")).Text(" ").Tag("code", (string?)check["type"])
                        .Text(check["reason"] is { } r ? ": " + Text(r) : "").Close("li");
                }

                html.Close("ul");
            }

            html.Close("div");
        }

        html.Close("section");
    }

    /// <summary>A JSON value as text: a string as it is, anything else as JSON.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static string Reason(string reason) => reason switch
    {
        "failure" => "the case failed its automated checks, and the review looks at failures.",
        "passing" => "a share of the passing cases is reviewed, to catch what the checks miss.",
        "slice" => "the review takes a minimum number of cases from this slice.",
        "minimum" => "the review takes at least a minimum number of items.",
        "judge" => "the model judge scored it close to its threshold: the judge was unsure.",
        "inconclusive" => "a no-regression comparison was inconclusive, and this case is behind it.",
        _ => "see docs/reviews.md.",
    };
}
