using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReleaseGate.Core.Model;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

internal static partial class DecisionRecordSection
{
    // Values are HTML-encoded when written; JSON escaping of '<' or '&' on top would only make them unreadable.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One row of the components table: a component (or one part of it), its value here and on the baseline.</summary>
    private sealed record ComponentRow(string Component, string Part, string? Here, string? There, string? HereLink = null);

    private static void Components(
        Html html, ReleaseRecord release, ReleaseManifest? manifest, IReadOnlyList<ReleaseAttachmentRecord> files,
        ReleaseRecord? baseline, ReleaseManifest? baselineManifest, IReadOnlyList<ReleaseAttachmentRecord> baselineFiles)
    {
        html.Tag("h3", "Components", ("id", "components"));
        if (manifest is null)
        {
            // Only a manifest stored before a parser change could fail here; its text is still the record.
            html.Tag("p", "The stored manifest no longer parses; its text as submitted:", ("class", "problem")).Tag("pre", release.ManifestYaml);
            return;
        }

        var rows = Rows(release, manifest, files, baselineManifest, baselineFiles);
        var changed = rows.Where(r => baselineManifest is null || r.Here != r.There).Select(r => r.Component).Distinct(StringComparer.Ordinal).ToList();
        html.Open("p", ("id", "changes"));
        if (baseline is null || baselineManifest is null)
        {
            html.Text("No baseline to compare with: this release is the workflow's first, or none has shipped.");
        }
        else if (changed.Count == 0)
        {
            html.Text($"Against the baseline {baseline.Version}: no component differs.");
        }
        else
        {
            html.Text($"Against the baseline {baseline.Version}, {changed.Count} of 5 components differ: ").Tag("strong", string.Join(", ", changed)).Text(".");
        }

        html.Close("p");
        html.Open("div", ("class", "table")).Open("table", ("class", "components"), ("aria-labelledby", "components")).Open("thead").Open("tr")
            .Tag("th", "Component", ("scope", "col")).Tag("th", "This release", ("scope", "col"))
            .Tag("th", baseline is null ? "Baseline" : $"Baseline {baseline.Version}", ("scope", "col")).Close("tr").Close("thead").Open("tbody");
        foreach (var row in rows)
        {
            var differs = baselineManifest is not null && row.Here != row.There;
            html.Open("tr", ("data-component", row.Component), ("class", differs ? "changed" : null))
                .Open("th", ("scope", "row")).Text(row.Part.Length == 0 ? row.Component : $"{row.Component}: {row.Part}");
            if (differs)
            {
                html.Text(" ").Tag("span", row.Here is null ? "removed" : row.There is null ? "added" : "changed", ("class", "badge s-warn"));
            }

            html.Close("th").Open("td");
            Value(html, row.Here, row.HereLink);
            html.Close("td").Open("td");
            Value(html, baselineManifest is null ? null : row.There, null);
            html.Close("td").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static void Value(Html html, string? value, string? link)
    {
        if (value is null)
        {
            html.Tag("span", "—", ("class", "muted"));
        }
        else if (link is not null)
        {
            html.Link(link, value);
        }
        else
        {
            html.Tag("code", value);
        }
    }

    private static List<ComponentRow> Rows(
        ReleaseRecord release, ReleaseManifest manifest, IReadOnlyList<ReleaseAttachmentRecord> files, ReleaseManifest? baseline, IReadOnlyList<ReleaseAttachmentRecord> baselineFiles)
    {
        var id = release.Id.ToString(CultureInfo.InvariantCulture);
        var rows = new List<ComponentRow> { new("model", "", manifest.Model, baseline?.Model) };
        var here = Digests(files);
        var there = Digests(baselineFiles);
        var prompts = manifest.Prompts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var baselinePrompts = baseline?.Prompts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) ?? [];
        foreach (var name in prompts.Keys.Union(baselinePrompts.Keys, StringComparer.Ordinal))
        {
            var mine = prompts.TryGetValue(name, out var path) ? $"{path} ({Short(here.GetValueOrDefault(path))})" : null;
            var theirs = baselinePrompts.TryGetValue(name, out var other) ? $"{other} ({Short(there.GetValueOrDefault(other))})" : null;
            // Prompts are compared by content, as the release digest and the policy input's 'changes' compare them.
            var same = mine is not null && theirs is not null && here.GetValueOrDefault(path!) == there.GetValueOrDefault(other!);
            rows.Add(new("prompts", name, mine, same ? mine : theirs, mine is null ? null : Html.Path("releases", id, "prompts", name)));
        }

        rows.Add(new("tools", "", string.Join(", ", manifest.Tools), baseline is null ? null : string.Join(", ", baseline.Tools)));
        var config = manifest.Config ?? [];
        var baselineConfig = baseline?.Config ?? [];
        foreach (var key in config.Select(c => c.Key).Union(baselineConfig.Select(c => c.Key), StringComparer.Ordinal))
        {
            rows.Add(new("config", key, config.ContainsKey(key) ? config[key]?.ToJsonString(Relaxed) ?? "null" : null,
                baselineConfig.ContainsKey(key) ? baselineConfig[key]?.ToJsonString(Relaxed) ?? "null" : null));
        }

        var attachments = manifest.Attachments.ToDictionary(a => a.Name, a => a.File, StringComparer.Ordinal);
        var baselineAttachments = baseline?.Attachments.ToDictionary(a => a.Name, a => a.File, StringComparer.Ordinal) ?? [];
        foreach (var name in attachments.Keys.Union(baselineAttachments.Keys, StringComparer.Ordinal))
        {
            var mine = attachments.TryGetValue(name, out var path) ? here.GetValueOrDefault(path) ?? "missing" : null;
            var theirs = baselineAttachments.TryGetValue(name, out var other) ? there.GetValueOrDefault(other) ?? "missing" : null;
            rows.Add(new("attachments", name, mine, theirs));
        }

        return rows;
    }

    private static Dictionary<string, string> Digests(IReadOnlyList<ReleaseAttachmentRecord> files) =>
        files.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Digest, StringComparer.Ordinal);

    /// <summary>A digest shortened for a table cell; the attachments table gives it whole.</summary>
    private static string Short(string? digest) => digest is null ? "not uploaded" : digest.Length > 19 ? digest[..19] + "…" : digest;
}
