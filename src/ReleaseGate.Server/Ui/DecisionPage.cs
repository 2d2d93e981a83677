using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// A release's decision page: the verdict in one sentence, then the failing checks first (each with its summary, measured
/// value, threshold and cases), the protected slices as a chart, what the person may do (<see cref="DecisionActions"/>) and
/// the release's record (<see cref="DecisionRecordSection"/>).
/// </summary>
internal static class DecisionPage
{
    /// <summary>How many case links a check shows before "and N more".</summary>
    public const int CasesShown = 50;

    /// <summary>Renders the page.</summary>
    public static async Task<IResult> ShowAsync(long id, HttpContext http, IGateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ui = UiRequest.Of(http);
        if (await store.GetReleaseAsync(id, http.RequestAborted) is not { } release)
        {
            return ControlCenter.Problem(ui, StatusCodes.Status404NotFound, Api.ProblemCodes.UnknownRelease, "Unknown release", $"there is no release {id}; pick one from the releases page.");
        }

        var record = await store.GetLatestDecisionAsync(id, http.RequestAborted);
        var decision = DecisionView.Parse(record?.DecisionJson);
        var page = new Page($"{release.Workflow} {release.Version}", ui) { Section = "releases" };
        var html = page.Body;
        var state = ReleaseStates.Word(release.State);

        html.Open("dl", ("class", "facts"))
            .Tag("dt", "State").Open("dd").Tag("span", state, ("class", $"badge s-{state}")).Close("dd")
            .Tag("dt", "Submitted").Tag("dd", $"by {release.Submitter}, {release.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}")
            .Tag("dt", "Release digest").Open("dd").Tag("code", release.Digest).Close("dd")
            .Tag("dt", "Gate digest").Open("dd").Tag("code", release.GateDigest).Close("dd");
        if (decision?.Json["baseline"] is JsonObject baseline)
        {
            html.Tag("dt", "Baseline").Tag("dd", $"{(string?)baseline["version"]} ({(string?)baseline["digest"]})");
        }

        html.Close("dl");
        if (decision is null)
        {
            html.Tag("p", "No decision has been recorded for this release yet.", ("class", "verdict s-pending"));
            return page;
        }

        var verdictClass = release.State is ReleaseState.Shipped or ReleaseState.Rejected ? state : decision.Verdict;
        html.Tag("p", Sentence(release, decision), ("class", $"verdict s-{verdictClass}"), ("id", "verdict"), ("data-verdict", decision.Verdict));

        var slices = SliceChart.Slices(decision);
        if (slices.Count > 0)
        {
            html.Tag("h2", "Protected slices: candidate against baseline", ("id", "slices"));
            SliceChart.Write(html, slices);
        }

        await DecisionActions.WriteAsync(html, ui, store, release, decision);

        html.Tag("h2", "Checks", ("id", "checks"));
        var passing = decision.ByUrgency().Where(c => c.Status == "pass").ToList();
        foreach (var check in decision.ByUrgency().Where(c => c.Status != "pass"))
        {
            Check(html, release.Id, check);
        }

        if (passing.Count > 0)
        {
            html.Open("details").Tag("summary", $"{passing.Count} passing {(passing.Count == 1 ? "check" : "checks")}");
            foreach (var check in passing)
            {
                Check(html, release.Id, check);
            }

            html.Close("details");
        }

        var notes = decision.Notes.ToList();
        if (notes.Count > 0)
        {
            html.Tag("h2", "Notes").Open("ul");
            foreach (var note in notes)
            {
                html.Tag("li", note);
            }

            html.Close("ul");
        }

        await DecisionRecordSection.WriteAsync(html, ui, store, release, decision);
        return page;
    }

    private static string Sentence(ReleaseRecord release, DecisionView decision) => release.State switch
    {
        ReleaseState.Shipped => "Shipped: this release is the workflow's baseline.",
        ReleaseState.Rejected => "Rejected: a stage rejected this release; submit a new one.",
        ReleaseState.RolledBack => "Rolled back.",
        _ => decision.Sentence(),
    };

    private static void Check(Html html, long releaseId, CheckView check)
    {
        html.Open("section", ("class", $"check c-{check.Status}"), ("data-check", check.Id))
            .Open("h3").Tag("span", check.Status, ("class", $"badge s-{check.Status}")).Text(" ").Text(check.Id)
            .Text(check.Critical ? " (critical)" : "").Close("h3")
            .Tag("p", check.Summary);
        Facts(html, "Measured", check.Measured);
        Facts(html, "Threshold", check.Threshold);
        var cases = check.Cases;
        if (cases.Count > 0)
        {
            html.Open("div").Tag("span", $"Cases ({cases.Count}):", ("class", "muted")).Open("ul", ("class", "cases"));
            foreach (var id in cases.Take(CasesShown))
            {
                html.Open("li").Link(Html.Path("releases", releaseId.ToString(CultureInfo.InvariantCulture), "cases", id), id).Close("li");
            }

            if (cases.Count > CasesShown)
            {
                html.Tag("li", $"and {cases.Count - CasesShown} more", ("class", "muted"));
            }

            html.Close("ul").Close("div");
        }

        html.Close("section");
    }

    private static void Facts(Html html, string title, JsonObject? facts)
    {
        if (facts is null || facts.Count == 0)
        {
            return;
        }

        html.Open("dl", ("class", "facts"), ("aria-label", title));
        foreach (var (key, value) in facts)
        {
            html.Tag("dt", $"{title}: {key.Replace('_', ' ')}").Tag("dd", Value(key, value));
        }

        html.Close("dl");
    }

    private static string Value(string key, JsonNode? value) => value switch
    {
        null => "—",
        JsonValue v when v.TryGetValue<double>(out var d) && (key.EndsWith("rate", StringComparison.Ordinal) || key.StartsWith("min_", StringComparison.Ordinal) || key is "confidence" or "min_agreement" or "net_drop")
            && d is >= -1 and <= 1 => DecisionView.Percent(d),
        JsonValue v => v.ToString(),
        _ => value.ToJsonString(),
    };
}
