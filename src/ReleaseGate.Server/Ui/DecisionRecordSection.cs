using System.Globalization;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;
using ReleaseGate.Core.Model;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The record part of a release's decision page: components and changes against the baseline, attachments, policies with
/// their rules, waivers, and the decision history with what changed each time. Everything shown is read from the store as
/// recorded (the manifests, the gate version the decision names, the waivers, the decisions); nothing is decided again.
/// </summary>
internal static partial class DecisionRecordSection
{
    /// <summary>How many decisions the history shows, newest first, before "and N earlier".</summary>
    public const int HistoryShown = 50;

    /// <summary>How many checks one history entry names as changed before "and N more".</summary>
    public const int ChangesShown = 30;

    /// <summary>Writes the record of <paramref name="release"/>.</summary>
    public static async Task WriteAsync(Html html, UiRequest ui, IGateStore store, ReleaseRecord release, DecisionView decision)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(ui);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(decision);
        var cancel = ui.Http.RequestAborted;
        var lifecycle = ui.Http.RequestServices.GetRequiredService<ReleaseLifecycle>();

        var baselineDigest = (string?)decision.Json["baseline"]?["digest"];
        var baseline = baselineDigest is null ? null : await store.GetReleaseByDigestAsync(release.Workflow, baselineDigest, cancel);
        var files = await store.ListReleaseAttachmentsAsync(release.Id, cancel);
        var baselineFiles = baseline is null ? [] : await store.ListReleaseAttachmentsAsync(baseline.Id, cancel);

        html.Open("section", ("class", "record"), ("aria-labelledby", "record"));
        html.Tag("h2", "Release record", ("id", "record"));
        var manifest = Manifest(release);
        Components(html, release, manifest, files, baseline, baseline is null ? null : Manifest(baseline), baselineFiles);
        await AttachmentsAsync(html, store, release, manifest, files, cancel);

        var gateDigest = (string?)decision.Json["gate"]?["digest"] ?? release.GateDigest;
        LoadedGate? gate = null;
        try
        {
            gate = await lifecycle.GateAsync(store, release.Workflow, gateDigest, cancel);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
        {
            // A gate version that is not stored or no longer loads: the policies are shown from the decision's checks alone.
        }

        Policies(html, decision, gate, gateDigest);
        Waivers(html, await store.ListWaiversAsync(release.Workflow, includeRevoked: true, cancel), release, decision, lifecycle.Now);
        History(html, await store.ListDecisionsAsync(release.Id, cancel));
        html.Close("section");
    }

    /// <summary>The stored manifest parsed, or null when it no longer parses (the page then shows its text).</summary>
    private static ReleaseManifest? Manifest(ReleaseRecord release) => ReleaseParser.Parse(release.ManifestYaml, "release.yaml").Value;

    private static void Policies(Html html, DecisionView decision, LoadedGate? gate, string gateDigest)
    {
        html.Tag("h3", "Policies", ("id", "policies"));
        var checks = decision.Checks.Where(c => c.Id.StartsWith("policies/", StringComparison.Ordinal)).ToDictionary(c => c.Id[9..], StringComparer.Ordinal);
        var rules = gate?.Gate.Policies ?? [];
        if (rules.Count == 0 && checks.Count == 0)
        {
            html.Tag("p", "The gate has no policies.", ("class", "muted"));
            return;
        }

        html.Open("p", ("class", "muted")).Text("As written in the gate version the decision was made under, ").Tag("code", gateDigest).Text(".").Close("p");
        if (gate is null)
        {
            html.Tag("p", "That gate version cannot be read back, so only the policy checks are shown.", ("class", "problem"));
        }

        foreach (var rule in rules)
        {
            var check = checks.GetValueOrDefault(rule.Id);
            checks.Remove(rule.Id);
            html.Open("div", ("class", "policy"), ("data-policy", rule.Id))
                .Open("h4").Text(rule.Id).Text(" ");
            if (check is not null)
            {
                html.Tag("span", check.Status, ("class", $"badge s-{check.Status}"));
            }

            html.Close("h4").Open("dl", ("class", "facts"))
                .Tag("dt", "Effect").Tag("dd", rule.Effect == PolicyEffect.Block ? "block" : "warn")
                .Tag("dt", "Rule").Open("dd").Tag("code", rule.Rule, ("class", "block")).Close("dd");
            if (rule.Message is { } message)
            {
                html.Tag("dt", "Message").Tag("dd", message);
            }

            if (check is not null)
            {
                html.Tag("dt", "Outcome").Tag("dd", check.Summary);
            }

            html.Close("dl").Close("div");
        }

        foreach (var (id, check) in checks)
        {
            html.Open("div", ("class", "policy"), ("data-policy", id))
                .Open("h4").Text(id).Text(" ").Tag("span", check.Status, ("class", $"badge s-{check.Status}")).Close("h4")
                .Tag("p", check.Summary).Close("div");
        }
    }

    private static void Waivers(Html html, IReadOnlyList<WaiverRecord> waivers, ReleaseRecord release, DecisionView decision, DateTimeOffset now)
    {
        html.Tag("h3", "Waivers", ("id", "waivers"));
        var ids = decision.Checks.Select(c => c.Id).ToList();
        var relevant = waivers
            .Where(w => w.Release is null || w.Release == release.Version || w.Release == release.Digest)
            .Select(w => (Waiver: w, Checks: ids.Where(id => CheckPattern.Matches(w.Check, id)).ToList()))
            .Where(x => x.Checks.Count > 0)
            .OrderByDescending(x => x.Waiver.Id)
            .ToList();
        if (relevant.Count == 0)
        {
            html.Tag("p", "No waiver names a check of this release.", ("class", "muted"));
            return;
        }

        html.Open("div", ("class", "table")).Open("table", ("aria-labelledby", "waivers")).Open("thead").Open("tr")
            .Tag("th", "Check", ("scope", "col")).Tag("th", "Reason", ("scope", "col")).Tag("th", "Granted by", ("scope", "col"))
            .Tag("th", "Expires", ("scope", "col")).Tag("th", "State", ("scope", "col")).Close("tr").Close("thead").Open("tbody");
        foreach (var (waiver, checks) in relevant)
        {
            var state = waiver.RevokedAt is not null ? "revoked" : waiver.Expires <= now ? "expired" : "in force";
            html.Open("tr", ("data-waiver", waiver.Id.ToString(CultureInfo.InvariantCulture)))
                .Open("td").Tag("code", waiver.Check);
            if (checks.Count != 1 || checks[0] != waiver.Check)
            {
                html.Tag("div", "matches " + string.Join(", ", checks.Take(5)) + (checks.Count > 5 ? $" and {checks.Count - 5} more" : ""), ("class", "muted"));
            }

            html.Close("td").Tag("td", waiver.Reason)
                .Tag("td", $"{waiver.GrantedBy}, {Time(waiver.GrantedAt)}")
                .Tag("td", Time(waiver.Expires))
                .Open("td").Tag("span", state, ("class", $"badge s-{(state == "in force" ? "waived" : "fail")}"));
            if (waiver.RevokedAt is { } revokedAt)
            {
                html.Tag("div", $"by {waiver.RevokedBy}, {Time(revokedAt)}: {waiver.RevokeReason}");
            }

            html.Close("td").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    /// <summary>A time as the pages write it: UTC to the minute.</summary>
    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A size in bytes as a person reads it.</summary>
    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
