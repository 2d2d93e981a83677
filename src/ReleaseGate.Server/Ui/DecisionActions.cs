using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Yaml;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The actions on a release's decision page, shown only to those who may take them: approve or reject a stage, grant or
/// revoke a waiver, ship. Each form posts to a Control Center route (<see cref="ActionPages"/>) that runs the API's own code,
/// which decides; what is shown here only spares a person a form the API would refuse, and says why it is not offered.
/// </summary>
internal static class DecisionActions
{
    /// <summary>The format of a <c>datetime-local</c> input's value, read as UTC.</summary>
    public const string LocalMinute = "yyyy-MM-dd'T'HH:mm";

    /// <summary>Writes the actions the signed-in person may take on <paramref name="release"/>.</summary>
    public static async Task WriteAsync(Html html, UiRequest ui, IGateStore store, ReleaseRecord release, DecisionView decision)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(ui);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(decision);
        var cancel = ui.Http.RequestAborted;
        html.Open("section", ("aria-labelledby", "act"), ("class", "act")).Tag("h2", "What you can do", ("id", "act"));
        if (Api.Views.Closed(release))
        {
            html.Tag("p", $"Nothing: the release is {ReleaseStates.Word(release.State)}, and a closed release takes no approvals, waivers or shipping.", ("class", "muted"));
            html.Close("section");
            return;
        }

        var caller = ui.Caller;
        var id = release.Id.ToString(CultureInfo.InvariantCulture);
        var reasons = new List<string>();
        var record = await store.GetLatestDecisionAsync(release.Id, cancel);
        var votes = await store.ListApprovalsAsync(release.Id, includeInvalidated: false, cancel);

        // Reviews are judged item by item in the review queue, not on this page: say so to whoever may judge them.
        foreach (var check in decision.Checks.Where(c => c.Id.StartsWith("reviews/", StringComparison.Ordinal) && c.Status == "pending"))
        {
            if ((string?)check.Threshold?["group"] is { } reviewers && caller.InGroup(reviewers) && caller.User != release.Submitter)
            {
                html.Open("p", ("class", "review-link")).Text($"{check.Id}: {check.Summary} ").Link("/reviews", "Open your review queue").Close("p");
            }
        }

        html.Open("div", ("class", "actions"));
        foreach (var check in decision.Checks.Where(c => c.Id.StartsWith("approvals/", StringComparison.Ordinal) && c.Status == "pending"))
        {
            var stage = check.Id["approvals/".Length..];
            var group = (string?)check.Threshold?["group"] ?? "";
            var escalatedTo = (string?)(check.Measured?["escalated"] as JsonObject)?["to"];
            if (!caller.Has(Scope.Approve))
            {
                // One line for every stage: the scope, not the stage, is what is missing.
                const string NoScope = "Approve or reject a stage: your token lacks the 'approve' scope.";
                if (!reasons.Contains(NoScope))
                {
                    reasons.Add(NoScope);
                }
            }
            else if (!caller.InGroup(group) && (escalatedTo is null || !caller.InGroup(escalatedTo)))
            {
                reasons.Add($"Approve or reject stage {stage}: it is decided by members of {group}{(escalatedTo is null ? "" : $" (escalated to {escalatedTo})")}, and you are not one.");
            }
            else if (caller.User == release.Submitter)
            {
                reasons.Add($"Approve or reject stage {stage}: you submitted this release (separation of duties).");
            }
            else if (votes.FirstOrDefault(v => v.Stage == stage && v.Actor == caller.User && v.EvidenceDigest == record?.EvidenceDigest) is { } mine)
            {
                reasons.Add($"Approve or reject stage {stage}: you {(mine.Verdict == ApprovalVerdict.Approve ? "approved" : "rejected")} it on this evidence already; one person counts once.");
            }
            else
            {
                Vote(html, ui, id, stage, check, record?.EvidenceDigest);
            }
        }

        var failing = decision.Checks.Where(c => c.Status == "fail").ToList();
        var waivers = await WaiversAsync(store, release, ui.Http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), cancel);
        if (failing.Count > 0 || waivers.Count > 0)
        {
            await WaiverActionsAsync(html, ui, store, release, failing, waivers, reasons);
        }

        if (release.State == ReleaseState.Approved && decision.Verdict == "approved")
        {
            if (caller.Has(Scope.Submit))
            {
                ui.Form(html, Html.Path("releases", id, "ship"), ("aria-labelledby", "ship-title"), ("data-action", "ship"))
                    .Tag("h3", "Ship", ("id", "ship-title"))
                    .Tag("p", "Every check passes or is waived. Shipping makes this release the workflow's baseline; every open release is then compared with it.")
                    .Tag("button", "Ship this release", ("type", "submit"), ("class", "primary"))
                    .Close("form");
            }
            else
            {
                reasons.Add("Ship: shipping needs a token with the 'submit' scope.");
            }
        }
        else
        {
            reasons.Add("Ship: offered once the release is approved.");
        }

        html.Close("div");
        if (reasons.Count > 0)
        {
            html.Tag("h3", "Not offered to you").Open("ul", ("class", "not-offered"));
            foreach (var reason in reasons)
            {
                html.Tag("li", reason);
            }

            html.Close("ul");
        }

        html.Close("section");
    }

    /// <summary>The workflow's waivers in force for <paramref name="release"/>: not revoked, not expired, for it or for every release.</summary>
    private static async Task<List<WaiverRecord>> WaiversAsync(IGateReader store, ReleaseRecord release, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await store.ListWaiversAsync(release.Workflow, includeRevoked: false, cancellationToken))
            .Where(w => w.RevokedAt is null && w.Expires > now && (w.Release is null || w.Release == release.Digest || w.Release == release.Version))
            .ToList();

    private static void Vote(Html html, UiRequest ui, string id, string stage, CheckView check, string? evidence)
    {
        var key = $"stage-{stage}";
        ui.Form(html, Html.Path("releases", id, "approvals"), ("aria-labelledby", $"{key}-title"), ("data-action", "vote"), ("data-stage", stage))
            .Void("input", ("type", "hidden"), ("name", "stage"), ("value", stage))
            .Void("input", ("type", "hidden"), ("name", "evidence"), ("value", evidence))
            .Tag("h3", $"Stage {stage}", ("id", $"{key}-title"))
            .Tag("p", check.Summary, ("class", "muted"))
            .Tag("label", "Comment (required; part of the record)", ("for", $"{key}-comment"))
            .Tag("textarea", "", ("id", $"{key}-comment"), ("name", "comment"), ("required", ""), ("maxlength", "4000"))
            .Open("div", ("class", "buttons"))
            .Tag("button", "Approve", ("type", "submit"), ("name", "verdict"), ("value", "approve"), ("class", "primary"))
            .Text(" ")
            .Tag("button", "Reject", ("type", "submit"), ("name", "verdict"), ("value", "reject"), ("class", "danger"))
            .Close("div")
            .Tag("p", "A rejection closes the release. Your vote holds for the evidence shown on this page; if it changed meanwhile, nothing is recorded.", ("class", "muted small"))
            .Close("form");
    }

    private static async Task WaiverActionsAsync(Html html, UiRequest ui, IGateStore store, ReleaseRecord release, List<CheckView> failing, List<WaiverRecord> waivers, List<string> reasons)
    {
        var cancel = ui.Http.RequestAborted;
        var workflow = await store.GetWorkflowAsync(release.Workflow, cancel);
        if (workflow?.CurrentGateDigest is not { } digest)
        {
            return;
        }

        var lifecycle = ui.Http.RequestServices.GetRequiredService<ReleaseLifecycle>();
        var time = ui.Http.RequestServices.GetRequiredService<TimeProvider>();
        var rules = (await lifecycle.GateAsync(store, release.Workflow, digest, cancel)).Gate.Waivers;
        var caller = ui.Caller;
        var who = rules.Group is { } g ? $"members of {g}" : "admins (the gate names no waivers.group)";
        string? refusal = !caller.Has(Scope.Approve)
            ? "your token lacks the 'approve' scope"
            : rules.Group is null ? (caller.Has(Scope.Admin) ? null : $"they are granted by {who}, and you are not an admin")
            : caller.InGroup(rules.Group) ? null : $"they are granted by {who}, and you are not one";
        var id = release.Id.ToString(CultureInfo.InvariantCulture);

        var waivable = failing.Where(c => !c.Critical || rules.AllowCritical).ToList();
        var unwaivable = failing.Where(c => c.Critical && !rules.AllowCritical).ToList();
        if (failing.Count > 0)
        {
            ui.Form(html, Html.Path("releases", id, "waivers"), ("aria-labelledby", "waive-title"), ("data-action", "waive"))
                .Tag("h3", "Waive a failing check", ("id", "waive-title"));
            html.Open("ul", ("class", "limits"), ("aria-label", "The gate's waiver limits"))
                .Tag("li", $"Granted and revoked by {who}.")
                .Tag("li", rules.MaxDuration is { } max ? $"Runs at most {DurationText.Format(max)} (waivers.max_duration)." : "No longest duration: the gate sets no waivers.max_duration.")
                .Tag("li", rules.AllowCritical ? "Critical-severity failures can be waived (waivers.allow_critical)." : "Critical-severity failures cannot be waived (waivers.allow_critical is false).")
                .Tag("li", "Applies to this release only, by its digest.")
                .Close("ul");
            if (unwaivable.Count > 0)
            {
                html.Tag("p", "Cannot be waived (a critical case fails): " + string.Join(", ", unwaivable.Select(c => c.Id)) + ".", ("class", "unwaivable"));
            }

            if (refusal is not null || waivable.Count == 0)
            {
                // The limits stay visible; the fields are left out when the person may not grant, or nothing can be waived.
                reasons.Add(waivable.Count == 0 ? "Waive: no failing check of this release can be waived." : $"Waive: {refusal}.");
                html.Close("form");
            }
            else
            {
                var now = time.GetUtcNow();
                var longest = rules.MaxDuration ?? TimeSpan.FromDays(30);
                var suggested = now + (longest < TimeSpan.FromDays(7) ? longest - TimeSpan.FromMinutes(1) : TimeSpan.FromDays(7));
                html.Tag("label", "Check", ("for", "waive-check")).Open("select", ("id", "waive-check"), ("name", "check"), ("required", ""));
                foreach (var (pattern, label) in Patterns(waivable))
                {
                    html.Tag("option", label, ("value", pattern));
                }

                html.Close("select")
                    .Tag("label", "Reason (required; part of the record)", ("for", "waive-reason"))
                    .Tag("textarea", "", ("id", "waive-reason"), ("name", "reason"), ("required", ""), ("maxlength", "4000"))
                    .Tag("label", "Expires (UTC)", ("for", "waive-expires"))
                    .Void("input", ("type", "datetime-local"), ("id", "waive-expires"), ("name", "expires"), ("required", ""),
                        ("value", suggested.UtcDateTime.ToString(LocalMinute, CultureInfo.InvariantCulture)),
                        ("min", now.UtcDateTime.ToString(LocalMinute, CultureInfo.InvariantCulture)),
                        ("max", rules.MaxDuration is { } m ? (now + m).UtcDateTime.ToString(LocalMinute, CultureInfo.InvariantCulture) : null))
                    .Tag("button", "Grant the waiver", ("type", "submit"), ("class", "primary"))
                    .Close("form");
            }
        }

        foreach (var waiver in waivers)
        {
            var wid = waiver.Id.ToString(CultureInfo.InvariantCulture);
            var title = $"waiver-{wid}-title";
            html.Open("div", ("class", "waiver"), ("data-waiver", wid), ("aria-labelledby", title), ("role", "group"))
                .Tag("h3", $"Waiver {wid}: {waiver.Check}", ("id", title))
                .Open("dl", ("class", "facts"))
                .Tag("dt", "Reason").Tag("dd", waiver.Reason)
                .Tag("dt", "Granted").Tag("dd", $"by {waiver.GrantedBy}, {TimestampText.Format(waiver.GrantedAt)}")
                .Tag("dt", "Expires").Tag("dd", TimestampText.Format(waiver.Expires))
                .Tag("dt", "For").Tag("dd", waiver.Release is null ? "every release of the workflow" : waiver.Release == release.Digest || waiver.Release == release.Version ? "this release" : waiver.Release)
                .Close("dl");
            if (refusal is null)
            {
                ui.Form(html, Html.Path("releases", id, "waivers", wid, "revoke"), ("data-action", "revoke"))
                    .Tag("label", "Why revoke it (required)", ("for", $"revoke-{wid}"))
                    .Tag("textarea", "", ("id", $"revoke-{wid}"), ("name", "reason"), ("required", ""), ("maxlength", "4000"))
                    .Tag("button", "Revoke", ("type", "submit"), ("class", "danger"))
                    .Close("form");
            }

            html.Close("div");
        }

        if (waivers.Count > 0 && refusal is not null)
        {
            reasons.Add($"Revoke a waiver: {refusal}.");
        }
    }

    /// <summary>
    /// What a waiver may name: each failing check, and for checks that fail side by side under one parent (a slice's pass
    /// rate and its regression), the parent's glob.
    /// </summary>
    private static IEnumerable<(string Pattern, string Label)> Patterns(List<CheckView> waivable)
    {
        foreach (var parent in waivable.Select(c => c.Id).Where(i => i.Contains('/', StringComparison.Ordinal))
            .GroupBy(i => i[..i.LastIndexOf('/')], StringComparer.Ordinal).Where(p => p.Count() > 1))
        {
            yield return ($"{parent.Key}/*", $"{parent.Key}/* (the {parent.Count()} failing checks under it)");
        }

        foreach (var check in waivable)
        {
            yield return (check.Id, check.Id);
        }
    }
}
