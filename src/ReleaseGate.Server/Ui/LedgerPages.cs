using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The ledger page: the audit timeline of a release (<c>?release=ID</c>) or of a workflow (<c>?workflow=NAME</c>: its gate,
/// waivers and compliance runs, every release's entries and every bank case's), each entry with its sequence number, time,
/// actor, type, a summary of its payload and its hash; without either, the newest entries of the whole ledger. Its Verify form
/// runs the API's verification (<see cref="LedgerApi"/>), the same walk as <c>releasegate audit verify</c>: every hash and
/// link, then the state tables against the entries.
/// </summary>
internal static class LedgerPages
{
    /// <summary>How many entries a timeline shows: the newest ones.</summary>
    public const int Shown = 500;

    /// <summary>How many of the newest entries the page shows when no release or workflow is chosen.</summary>
    public const int Recent = 50;

    /// <summary>Maps the ledger's pages on the Control Center's signed-in group.</summary>
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/ledger", (HttpContext http, IGateStore store, string? release, string? workflow) => ShowAsync(http, store, release, workflow, null));
        pages.MapPost("/ledger/verify", VerifyAsync);
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, IGateStore store)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var verification = (await LedgerApi.VerifyAsync(store, http.RequestAborted)).Value!;
        return await ShowAsync(http, store, form["release"], form["workflow"], verification);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IGateStore store, string? releaseText, string? workflow, LedgerVerificationV1? verification)
    {
        var ui = UiRequest.Of(http);
        var ct = http.RequestAborted;
        releaseText = string.IsNullOrWhiteSpace(releaseText) ? null : releaseText.Trim();
        workflow = string.IsNullOrWhiteSpace(workflow) ? null : workflow.Trim();
        ReleaseRecord? release = null;
        if (releaseText is not null && (!long.TryParse(releaseText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || (release = await store.GetReleaseAsync(id, ct)) is null))
        {
            return ControlCenter.Problem(ui, StatusCodes.Status404NotFound, ProblemCodes.UnknownRelease, "Unknown release",
                $"there is no release '{releaseText}'; give a release's number, as the releases page shows it.");
        }

        if (release is null && workflow is not null && await store.GetWorkflowAsync(workflow, ct) is null)
        {
            return ControlCenter.Problem(ui, StatusCodes.Status404NotFound, ProblemCodes.UnknownWorkflow, "Unknown workflow",
                $"there is no workflow '{workflow}'; pick one from the list on the ledger page.");
        }

        var title = release is not null ? $"Ledger of {release.Workflow} {release.Version}" : workflow is not null ? $"Ledger of {workflow}" : "Ledger";
        var page = new Page(title, ui) { Section = "ledger" };
        var html = page.Body;
        var releaseId = release?.Id.ToString(CultureInfo.InvariantCulture);

        if (verification is not null)
        {
            Verification(html, verification);
        }

        var (entries, total) = release is not null ? await OfReleaseAsync(store, release, ct)
            : workflow is not null ? await OfWorkflowAsync(store, workflow, ct)
            : await NewestAsync(store, ct);

        await PickerAsync(html, store, release, workflow, ct);
        ui.Form(html, "/ledger/verify", ("class", "inline"), ("aria-label", "Verify the ledger"));
        if (release is not null || workflow is not null)
        {
            // The timeline shown again with the result.
            html.Void("input", ("type", "hidden"), ("name", release is not null ? "release" : "workflow"), ("value", releaseId ?? workflow));
        }

        html.Tag("button", "Verify", ("type", "submit"), ("class", "primary"))
            .Text(" ").Tag("span", "the whole chain and the state tables, as 'releasegate audit verify' does", ("class", "muted")).Close("form");

        if (release is not null)
        {
            html.Open("p").Link(Html.Path("releases", releaseId!), $"The decision on {release.Version}").Text(" · ")
                .Link("/ledger" + Html.Query(("workflow", release.Workflow)), $"The ledger of {release.Workflow}").Close("p");
        }

        html.Tag("h2", release is null && workflow is null ? "Newest entries" : "Timeline", ("id", "timeline"));
        if (entries.Count == 0)
        {
            html.Tag("p", "No entries.", ("class", "muted"));
            return page;
        }

        if (total > entries.Count)
        {
            html.Tag("p", $"The newest {entries.Count} of {total} entries, oldest first.", ("class", "muted"));
        }

        var broken = (long?)(verification?.FirstBreak?["kind"] is JsonValue k && (string?)k != "StateMismatch" ? verification.FirstBreak!["seq"] : null);
        html.Open("div", ("class", "table"), ("tabindex", "0"), ("role", "region"), ("aria-label", "Ledger entries")).Open("table", ("class", "ledger")).Open("thead").Open("tr");
        foreach (var column in (string[])["Seq", "Time (UTC)", "Actor", "Type", "What and hash"])
        {
            html.Tag("th", column, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (var e in entries)
        {
            var seq = e.Seq.ToString(CultureInfo.InvariantCulture);
            html.Open("tr", ("id", $"e-{seq}"), ("data-seq", seq), ("data-type", e.Type), ("class", e.Seq == broken ? "broken" : null))
                .Open("td").Text(seq);
            if (e.Seq == broken)
            {
                html.Text(" ").Tag("span", "broken", ("class", "badge s-fail"));
            }

            html.Close("td")
                .Open("td").Tag("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), ("datetime", e.Time.ToString("O", CultureInfo.InvariantCulture))).Close("td")
                .Tag("td", e.Actor).Open("td").Tag("code", e.Type).Close("td")
                .Open("td").Text(LedgerSummary.Of(e.Type, e.PayloadJson));
            if (release is null)
            {
                html.Tag("div", e.Subject, ("class", "muted"));
            }

            html.Open("div", ("class", "muted")).Text("hash ").Tag("code", e.Hash, ("class", "hash")).Close("div")
                .Open("details").Tag("summary", "Payload").Tag("pre", e.PayloadJson).Close("details").Close("td").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
        return page;
    }

    private static void Verification(Html html, LedgerVerificationV1 v)
    {
        html.Open("div", ("id", "verification"), ("class", v.Intact ? "notice" : "problem"), ("role", v.Intact ? "status" : "alert"),
            ("data-intact", v.Intact ? "true" : "false"));
        if (v.Intact)
        {
            html.Tag("p", $"Intact: {v.EntriesChecked} entries verified, every hash and link holds, and the approvals, waivers, decisions, "
                + "review verdicts, bank cases and release states are what the entries imply.")
                .Tag("p", $"Head: entry {v.HeadSeq}, hash").Tag("code", v.HeadHash, ("class", "block hash"));
        }
        else if (v.FirstBreak is JsonObject b && (string?)b["kind"] == "StateMismatch")
        {
            html.Tag("p", $"Broken: {(string?)b["table"]} row {(long?)b["id"]} is not what the ledger implies: {(string?)b["detail"]}.")
                .Tag("p", $"{(long?)b["count"]} row(s) differ. They were written outside ReleaseGate and do not count; restore them from a backup or an export.");
        }
        else if (v.FirstBreak is JsonObject br)
        {
            var seq = (long?)br["seq"] ?? 0;
            html.Open("p").Text($"Broken: ledger entry {seq} does not verify ({(string?)br["kind"]}): {(string?)br["detail"]}. ")
                .Link($"#e-{seq.ToString(CultureInfo.InvariantCulture)}", $"Entry {seq}").Close("p")
                .Tag("p", $"{v.EntriesChecked} entries before it verified. The ledger was altered outside ReleaseGate: compare it with an earlier export.");
        }

        html.Close("div");
    }

    private static async Task PickerAsync(Html html, IGateReader store, ReleaseRecord? release, string? workflow, CancellationToken ct)
    {
        html.Open("form", ("method", "get"), ("action", "/ledger"), ("class", "filters"), ("aria-label", "Choose a timeline"));
        html.Open("div").Tag("label", "Workflow", ("for", "l-workflow")).Open("select", ("id", "l-workflow"), ("name", "workflow"))
            .Tag("option", "Whole ledger", ("value", ""));
        foreach (var w in await store.ListWorkflowsAsync(ct))
        {
            html.Tag("option", w.Name, ("value", w.Name), ("selected", release is null && w.Name == workflow ? "" : null));
        }

        html.Close("select").Close("div")
            .Open("div").Tag("label", "or release number", ("for", "l-release"))
            .Void("input", ("type", "text"), ("inputmode", "numeric"), ("id", "l-release"), ("name", "release"), ("value", release?.Id.ToString(CultureInfo.InvariantCulture)))
            .Close("div").Tag("button", "Show", ("type", "submit")).Close("form");
    }

    private static async Task<(IReadOnlyList<LedgerEntry> Entries, int Total)> OfReleaseAsync(IGateReader store, ReleaseRecord release, CancellationToken ct) =>
        Newest(await SubjectsAsync(store, [ReleaseLifecycle.Subject(release), $"release:{release.Id}"], ct));

    private static async Task<(IReadOnlyList<LedgerEntry> Entries, int Total)> OfWorkflowAsync(IGateReader store, string workflow, CancellationToken ct)
    {
        // The ledger is read by subject (an index); a workflow's subjects are its own, each release's and each bank case's.
        var subjects = new List<string> { $"workflow/{workflow}" };
        foreach (var release in await store.ListReleasesAsync(workflow, null, int.MaxValue, ct))
        {
            subjects.Add(ReleaseLifecycle.Subject(release));
            subjects.Add($"release:{release.Id}");
        }

        await foreach (var row in store.ReadBankAsync(workflow, null, ct))
        {
            subjects.Add(RegressionBank.Subject(workflow, row.CaseId));
        }

        return Newest(await SubjectsAsync(store, subjects, ct));
    }

    private static async Task<(IReadOnlyList<LedgerEntry> Entries, int Total)> NewestAsync(IGateReader store, CancellationToken ct)
    {
        var head = await store.GetLedgerHeadAsync(ct);
        var entries = new List<LedgerEntry>();
        if (head is not null)
        {
            await foreach (var e in store.ReadLedgerAsync(Math.Max(head.Seq - Recent, 0), Recent, ct))
            {
                entries.Add(e);
            }
        }

        return (entries, (int)Math.Min(head?.Seq ?? 0, int.MaxValue));
    }

    private static async Task<List<LedgerEntry>> SubjectsAsync(IGateReader store, IEnumerable<string> subjects, CancellationToken ct)
    {
        var entries = new List<LedgerEntry>();
        foreach (var subject in subjects)
        {
            entries.AddRange(await store.ListLedgerBySubjectAsync(subject, ct));
        }

        entries.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return entries;
    }

    private static (IReadOnlyList<LedgerEntry> Entries, int Total) Newest(List<LedgerEntry> all) =>
        (all.Count > Shown ? all.GetRange(all.Count - Shown, Shown) : all, all.Count);
}
