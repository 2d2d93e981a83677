using System.Globalization;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Formats;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

internal static partial class CasePage
{
    /// <summary>How many releases a bank case's replay history shows, newest first.</summary>
    public const int ReplaysShown = 30;

    private static async Task BankAsync(Html html, IGateStore store, ReleaseRecord release, string? bankSuite, List<BankMatch> bank, CancellationToken cancel)
    {
        html.Tag("h2", "In the regression bank", ("id", "bank"));
        if (bank.Count == 0)
        {
            html.Tag("p", "This case is not in the workflow's regression bank, and no bank case was taken from it.", ("class", "muted"));
            return;
        }

        foreach (var match in bank)
        {
            var record = match.Record;
            var state = record.State.Word();
            html.Open("section", ("class", "bank-case"), ("data-bank-case", record.CaseId))
                .Open("h3").Text(record.CaseId).Text(" ").Tag("span", state, ("class", $"badge s-{(state == "active" ? "pass" : "warn")}")).Close("h3")
                .Tag("p", match.Why, ("class", "muted"));
            html.Open("dl", ("class", "facts")).Tag("dt", "Severity").Tag("dd", record.Severity).Tag("dt", "Banked").Tag("dd", DecisionRecordSection.Time(record.CreatedAt));
            if (BankProvenanceJson.Read(record.ProvenanceJson).Value is { } provenance)
            {
                html.Tag("dt", "Source").Tag("dd", provenance.Source.Word() + (provenance.Incident is { } incident ? $", incident {incident}" : "") + (provenance.Release is { } r ? $", release {r}" : ""))
                    .Tag("dt", "Added by").Tag("dd", $"{provenance.AddedBy}, {DecisionRecordSection.Time(provenance.AddedAt)}")
                    .Tag("dt", "Why").Tag("dd", provenance.Reason);
                if (provenance.Reference is { } reference)
                {
                    html.Tag("dt", "Taken from").Tag("dd", reference);
                }

                if (provenance.OriginalOutput is { } original)
                {
                    html.Tag("dt", "The output that went wrong").Open("dd").Tag("pre", Cap(original), ("class", "output")).Close("dd");
                }
            }

            if (record.QuarantineReason is { } quarantine)
            {
                html.Tag("dt", "Quarantined").Tag("dd", $"{quarantine} (owner {record.QuarantineOwner}, until {(record.QuarantineUntil is { } until ? DecisionRecordSection.Time(until) : "—")})");
            }

            if (record.RetiredReason is { } retired)
            {
                html.Tag("dt", "Retired").Tag("dd", retired);
            }

            html.Close("dl");

            html.Tag("h4", "Events").Open("ol", ("class", "bank-events"));
            foreach (var e in await store.ListBankEventsAsync(record.Id, cancel))
            {
                html.Open("li").Tag("span", e.State.Word(), ("class", "badge")).Text($" {DecisionRecordSection.Time(e.At)}, by {e.Actor}: {e.Reason}")
                    .Text(e.QuarantineUntil is { } until ? $" (owner {e.QuarantineOwner}, until {DecisionRecordSection.Time(until)})" : "").Close("li");
            }

            html.Close("ol");
            var links = await store.ListBankLinksAsync(record.Id, cancel);
            if (links.Count > 0)
            {
                html.Tag("h4", "Duplicates linked to it").Open("ul");
                foreach (var link in links)
                {
                    html.Tag("li", $"{link.CaseId}, by {link.Actor}, {DecisionRecordSection.Time(link.CreatedAt)}");
                }

                html.Close("ul");
            }

            if (bankSuite is not null)
            {
                await ReplaysAsync(html, store, release, bankSuite, record.CaseId, cancel);
            }

            html.Close("section");
        }
    }

    /// <summary>How the bank case fared in each release of the workflow that replayed it, newest first.</summary>
    private static async Task ReplaysAsync(Html html, IGateStore store, ReleaseRecord release, string suite, string bankCaseId, CancellationToken cancel)
    {
        var byRelease = new SortedDictionary<long, (string Version, string State, int Passed, int Runs)>();
        await foreach (var replay in store.ReadBankReplaysAsync(release.Workflow, suite, bankCaseId, cancel))
        {
            if (replay.Line.Target == "baseline" || replay.RunSource.StartsWith(Lifecycle.ReleaseLifecycle.BaselineSource, StringComparison.Ordinal))
            {
                continue;
            }

            var (_, _, passed, runs) = byRelease.GetValueOrDefault(replay.ReleaseId);
            var ok = replay.Line.Pass == true && replay.Line.Error is null;
            byRelease[replay.ReleaseId] = (replay.Version, ReleaseStates.Word(replay.ReleaseState), passed + (ok ? 1 : 0), runs + 1);
        }

        if (byRelease.Count == 0)
        {
            html.Tag("p", "No release has replayed it yet.", ("class", "muted"));
            return;
        }

        html.Tag("h4", "Replayed by releases").Open("ul", ("class", "replays"));
        foreach (var (id, (version, state, passed, runs)) in byRelease.Reverse().Take(ReplaysShown))
        {
            var outcome = passed == runs ? "pass" : "fail";
            html.Open("li").Link(Html.Path("releases", id.ToString(CultureInfo.InvariantCulture)), version).Text($" ({state}) ")
                .Tag("span", outcome, ("class", $"badge s-{outcome}")).Text($" {passed} of {runs} passed").Close("li");
        }

        html.Close("ul");
    }
}
