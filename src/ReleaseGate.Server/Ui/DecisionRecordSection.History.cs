using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

internal static partial class DecisionRecordSection
{
    private static async Task AttachmentsAsync(
        Html html, IGateStore store, ReleaseRecord release, ReleaseManifest? manifest, IReadOnlyList<ReleaseAttachmentRecord> files, CancellationToken cancel)
    {
        html.Tag("h3", "Attachments", ("id", "attachments"));
        if (manifest is null)
        {
            return;
        }

        var digests = Digests(files);
        var entries = manifest.Attachments.Select(a => (Kind: "attachments", a.Name, Path: a.File))
            .Concat(manifest.Prompts.Select(p => (Kind: "prompts", Name: p.Key, Path: p.Value)))
            .ToList();
        if (entries.Count == 0)
        {
            html.Tag("p", "The manifest names no attachment or prompt file.", ("class", "muted"));
            return;
        }

        var id = release.Id.ToString(CultureInfo.InvariantCulture);
        html.Open("div", ("class", "table")).Open("table", ("class", "attachments"), ("aria-labelledby", "attachments")).Open("thead").Open("tr")
            .Tag("th", "Name", ("scope", "col")).Tag("th", "Path", ("scope", "col")).Tag("th", "Size", ("scope", "col"))
            .Tag("th", "Digest", ("scope", "col")).Tag("th", "Open", ("scope", "col")).Close("tr").Close("thead").Open("tbody");
        foreach (var (kind, name, path) in entries)
        {
            var label = kind == "prompts" ? $"prompt {name}" : name;
            html.Open("tr", ("data-attachment", label)).Tag("th", label, ("scope", "row")).Open("td").Tag("code", path).Close("td");
            var stored = digests.TryGetValue(path, out var digest) ? await store.GetAttachmentAsync(digest, cancel) : null;
            if (stored is null)
            {
                html.Tag("td", "—").Open("td").Tag("span", "not uploaded", ("class", "badge s-fail")).Close("td").Tag("td", "").Close("tr");
                continue;
            }

            var href = Html.Path("releases", id, kind, name);
            html.Tag("td", Size(stored.Content.Length)).Open("td").Tag("code", stored.Digest, ("class", "digest")).Close("td")
                .Open("td").Link(href, "view", ("aria-label", $"view {label}")).Text(" · ")
                .Link(href + Html.Query(("download", "1")), "download", ("aria-label", $"download {label}"), ("download", "")).Close("td")
                .Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static void History(Html html, IReadOnlyList<DecisionRecord> decisions)
    {
        html.Tag("h3", "Decision history", ("id", "history"));
        if (decisions.Count == 0)
        {
            html.Tag("p", "No decision recorded yet.", ("class", "muted"));
            return;
        }

        html.Tag("p", $"{decisions.Count} {(decisions.Count == 1 ? "decision" : "decisions")} recorded, newest first; each says what changed from the one before.", ("class", "muted"));
        html.Open("ol", ("class", "history"), ("reversed", ""));
        var shown = decisions.Count - Math.Min(decisions.Count, HistoryShown);
        for (var i = decisions.Count - 1; i >= shown; i--)
        {
            var current = decisions[i];
            var previous = i > 0 ? decisions[i - 1] : null;
            html.Open("li", ("data-decision", current.Id.ToString(CultureInfo.InvariantCulture)))
                .Open("p").Tag("span", current.Verdict, ("class", $"badge s-{current.Verdict}")).Text(" ")
                .Tag("time", Time(current.CreatedAt), ("datetime", current.CreatedAt.ToString("O", CultureInfo.InvariantCulture)))
                .Text($", by {current.Actor}");
            if (previous is not null && previous.Verdict != current.Verdict)
            {
                html.Text($" (was {previous.Verdict})");
            }

            html.Close("p");
            Changes(html, previous, current);
            html.Close("li");
        }

        html.Close("ol");
        if (shown > 0)
        {
            html.Tag("p", $"and {shown} earlier {(shown == 1 ? "decision" : "decisions")} (GET /api/v1/releases/{{id}}/decisions lists every one).", ("class", "muted"));
        }
    }

    private static void Changes(Html html, DecisionRecord? previous, DecisionRecord current)
    {
        var now = Statuses(current.DecisionJson);
        html.Open("ul", ("class", "changes"));
        if (previous is null)
        {
            var counts = now.Values.GroupBy(s => s, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            html.Tag("li", $"First decision: {now.Count} checks ({string.Join(", ", counts)}).")
                .Open("li").Text("Evidence ").Tag("code", current.EvidenceDigest).Close("li").Close("ul");
            return;
        }

        var before = Statuses(previous.DecisionJson);
        var changed = now.Where(c => before.TryGetValue(c.Key, out var was) && was != c.Value).Select(c => $"{c.Key}: {before[c.Key]} → {c.Value}")
            .Concat(now.Keys.Where(k => !before.ContainsKey(k)).Select(k => $"{k}: new, {now[k]}"))
            .Concat(before.Keys.Where(k => !now.ContainsKey(k)).Select(k => $"{k}: gone (was {before[k]})"))
            .ToList();
        foreach (var change in changed.Take(ChangesShown))
        {
            html.Tag("li", change, ("class", "check-change"));
        }

        if (changed.Count > ChangesShown)
        {
            html.Tag("li", $"and {changed.Count - ChangesShown} more checks changed", ("class", "muted"));
        }

        if (previous.EvidenceDigest != current.EvidenceDigest)
        {
            html.Open("li", ("class", "evidence-change")).Text("Evidence changed: ").Tag("code", previous.EvidenceDigest).Text(" → ").Tag("code", current.EvidenceDigest).Close("li");
        }

        if (previous.GateDigest != current.GateDigest)
        {
            html.Open("li").Text("Gate changed: ").Tag("code", previous.GateDigest).Text(" → ").Tag("code", current.GateDigest).Close("li");
        }

        if (previous.BaselineDigest != current.BaselineDigest)
        {
            html.Open("li").Text("Baseline changed: ").Tag("code", previous.BaselineDigest ?? "none").Text(" → ").Tag("code", current.BaselineDigest ?? "none").Close("li");
        }

        if (changed.Count == 0 && previous.EvidenceDigest == current.EvidenceDigest && previous.GateDigest == current.GateDigest && previous.BaselineDigest == current.BaselineDigest)
        {
            html.Tag("li", "No check changed status; the details of a check did (its measured figures, summary or waiver).", ("class", "muted"));
        }

        html.Close("ul");
    }

    /// <summary>Each check's status in a recorded decision, by id; none when the JSON holds no checks.</summary>
    private static Dictionary<string, string> Statuses(string decisionJson)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(decisionJson)?["checks"] is JsonArray checks)
        {
            foreach (var check in checks.OfType<JsonObject>())
            {
                if ((string?)check["id"] is { } id)
                {
                    statuses[id] = (string?)check["status"] ?? "fail";
                }
            }
        }

        return statuses;
    }
}
