using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Replays the state-bearing ledger entries (<see cref="LedgerEvents"/>), in sequence order, into what the tables must hold, then
/// compares each table's rows, streamed in id order, with it. Held in memory: one small expected record per release, approval, waiver,
/// review verdict and bank case, and per release a running digest of its decisions — never the decisions, evidence or ledger themselves.
/// </summary>
internal sealed class LedgerStateCheck
{
    private const string BankSubjectPrefix = "bank:";

    private static readonly byte[] Empty = new byte[32];

    private readonly Dictionary<long, ExpectedRelease> _releases = [];
    private readonly Dictionary<long, ExpectedApproval> _approvals = [];
    private readonly Dictionary<long, ExpectedWaiver> _waivers = [];
    private readonly Dictionary<(long Item, string Reviewer, bool Adjudication), ExpectedVerdict> _verdicts = [];
    private readonly Dictionary<string, ExpectedBankCase> _bankCases = new(StringComparer.Ordinal);
    private readonly List<StateBreak> _breaks = [];
    private long _breakCount;
    private long _entries;
    private long _rows;

    // The decisions of the release being read from the table: its id, running digests and count.
    private long? _decisionRelease;
    private byte[] _decisionFull = Empty;
    private byte[] _decisionBase = Empty;
    private long _decisionCount;

    /// <summary>Releases whose decisions differ from the ledger's; the caller names the first differing decision of each.</summary>
    public List<long> DecisionMismatches { get; } = [];

    public StateVerification Result() => new(_entries, _rows, _breakCount, _breaks);

    public void Break(string table, long id, string detail)
    {
        _breakCount++;
        if (_breaks.Count < StateVerification.MaxBreaks)
        {
            _breaks.Add(new StateBreak(table, id, detail));
        }
    }

    /// <summary>Applies one state-bearing entry; entries come in sequence order.</summary>
    public void Apply(LedgerEntry entry)
    {
        _entries++;
        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(entry.PayloadJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            Break("ledger", entry.Seq, $"the payload of this {entry.Type} entry is not a JSON object");
            return;
        }

        switch (entry.Type)
        {
            case LedgerEvents.ReleaseSubmitted:
                if (ReleaseOf(entry) is { } submitted)
                {
                    _releases[submitted] = new ExpectedRelease(entry.Seq, Workflow(entry.Subject), Text(payload, "version"), Text(payload, "release"), entry.Actor);
                }

                break;
            case LedgerEvents.ReleaseCreated:
                if (entry.Subject.StartsWith("release:", StringComparison.Ordinal)
                    && long.TryParse(entry.Subject.AsSpan("release:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var created))
                {
                    _releases[created] = new ExpectedRelease(entry.Seq, Text(payload, "workflow") ?? "", Text(payload, "version"), Text(payload, "digest"), entry.Actor);
                }
                else
                {
                    Break("ledger", entry.Seq, $"this {entry.Type} entry's subject '{entry.Subject}' names no release");
                }

                break;
            case LedgerEvents.ReleaseShipped:
                Release(entry)?.State = "shipped";
                break;
            case LedgerEvents.DecisionChanged:
                if (Release(entry) is { } decided)
                {
                    var verdict = Text(payload, "verdict") ?? "";
                    var tuple = DecisionTuple(verdict, Text(payload, "gate"), Text(payload, "release"), Text(payload, "evidence"), Text(payload, "baseline"), entry.Actor);
                    var json = Text(payload, "decision");
                    decided.AllDecisionsDigested &= json is not null;
                    decided.DecisionFull = Fold(decided.DecisionFull, tuple + "\n" + json);
                    decided.DecisionBase = Fold(decided.DecisionBase, tuple);
                    decided.Decisions++;
                    decided.State = verdict;
                }

                break;
            case LedgerEvents.ApprovalGiven or LedgerEvents.ApprovalRejected:
                Vote(entry, payload);
                break;
            case LedgerEvents.ApprovalsInvalidated:
                if (ReleaseOf(entry) is { } voided)
                {
                    Invalidate(entry, payload, voided);
                }

                break;
            case LedgerEvents.WaiverGranted:
                Grant(entry, payload);
                break;
            case LedgerEvents.WaiverRevoked:
                Revoke(entry, payload);
                break;
            case LedgerEvents.ReviewVerdictGiven:
                Judge(entry, payload);
                break;
            case LedgerEvents.BankAdded or LedgerEvents.BankChanged:
                Bank(entry, payload);
                break;
            default:
                break;
        }
    }

    private void Vote(LedgerEntry entry, JsonObject payload)
    {
        if (ReleaseOf(entry) is not { } releaseId)
        {
            return;
        }

        if (Number(payload, "approval") is not { } approvalId)
        {
            Break("ledger", entry.Seq, "this vote entry names no approval id");
            return;
        }

        _approvals[approvalId] = new ExpectedApproval(entry.Seq, releaseId, Text(payload, "stage") ?? "", entry.Actor,
            entry.Type == LedgerEvents.ApprovalGiven ? "approve" : "reject", Text(payload, "release") ?? "", Text(payload, "evidence") ?? "",
            Text(payload, "gate") ?? "", Text(payload, "stage_definition") ?? "", Text(payload, "comment"));
    }

    private void Judge(LedgerEntry entry, JsonObject payload)
    {
        if (ReleaseOf(entry) is not { } releaseId)
        {
            return;
        }

        if (Number(payload, "item") is not { } itemId || Text(payload, "reviewer") is not { } reviewer || Flag(payload, "pass") is not { } pass)
        {
            Break("ledger", entry.Seq, "this review.verdict entry names no item, reviewer or pass");
            return;
        }

        var key = (itemId, reviewer, Flag(payload, "adjudication") ?? false);
        if (_verdicts.ContainsKey(key))
        {
            Break("ledger", entry.Seq, $"this entry records a second verdict of '{reviewer}' on review item {itemId}; one person counts once per item");
            return;
        }

        _verdicts[key] = new ExpectedVerdict(entry.Seq, releaseId, pass, Text(payload, "severity"), Text(payload, "evidence") ?? "");
    }

    private void Bank(LedgerEntry entry, JsonObject payload)
    {
        if (!entry.Subject.StartsWith(BankSubjectPrefix, StringComparison.Ordinal))
        {
            Break("ledger", entry.Seq, $"this {entry.Type} entry's subject '{entry.Subject}' names no bank case");
            return;
        }

        if (Text(payload, "state") is not { } state || !IsBankState(state))
        {
            Break("ledger", entry.Seq, $"this {entry.Type} entry records no bank state (active, quarantined, retired or proposed)");
            return;
        }

        var known = _bankCases.ContainsKey(entry.Subject);
        if (entry.Type == LedgerEvents.BankAdded && known)
        {
            Break("ledger", entry.Seq, $"this entry banks '{entry.Subject}' a second time; a bank case is added once and then changed");
            return;
        }

        if (entry.Type == LedgerEvents.BankChanged && !known)
        {
            Break("ledger", entry.Seq, $"this entry changes '{entry.Subject}', which no earlier bank.added entry banked");
            return;
        }

        _bankCases[entry.Subject] = new ExpectedBankCase(entry.Seq, state);
    }

    private void Grant(LedgerEntry entry, JsonObject payload)
    {
        if (Number(payload, "waiver") is not { } waiverId || !entry.Subject.StartsWith("workflow/", StringComparison.Ordinal))
        {
            Break("ledger", entry.Seq, $"this waiver.granted entry names no waiver id and workflow (subject '{entry.Subject}')");
            return;
        }

        var expires = Text(payload, "expires_at") is { } exact
            ? exact
            : Text(payload, "expires") is { } seconds ? "~" + seconds : null;
        _waivers[waiverId] = new ExpectedWaiver(entry.Seq, Workflow(entry.Subject), Text(payload, "check") ?? "", Text(payload, "release"),
            Text(payload, "reason") ?? "", entry.Actor, expires);
    }

    private void Revoke(LedgerEntry entry, JsonObject payload)
    {
        if (Number(payload, "waiver") is { } waiverId && _waivers.TryGetValue(waiverId, out var waiver))
        {
            waiver.RevokedBy = entry.Actor;
            waiver.RevokeReason = Text(payload, "reason");
        }
        else
        {
            Break("ledger", entry.Seq, $"this entry revokes waiver {payload["waiver"]?.ToJsonString() ?? "(none)"}, which no earlier entry granted");
        }
    }

    /// <summary>Compares one decision row; rows come ordered by release, then id.</summary>
    public void Decision(DecisionRecord row)
    {
        _rows++;
        if (_decisionRelease != row.ReleaseId)
        {
            EndDecisions();
            _decisionRelease = row.ReleaseId;
        }

        var tuple = DecisionTuple(row.Verdict, row.GateDigest, row.ReleaseDigest, row.EvidenceDigest, row.BaselineDigest, row.Actor);
        _decisionFull = Fold(_decisionFull, tuple + "\n" + DecisionDigest(row.DecisionJson));
        _decisionBase = Fold(_decisionBase, tuple);
        _decisionCount++;
    }

    /// <summary>Closes the decision pass: releases whose decisions the table does not hold are named too.</summary>
    public void EndDecisions()
    {
        if (_decisionRelease is { } id)
        {
            var expected = _releases.GetValueOrDefault(id);
            if (expected is null)
            {
                Break("decisions", id, $"release {id} has {_decisionCount} decision(s), but no ledger entry records its submission");
            }
            else
            {
                expected.DecisionsSeen = true;
                var same = expected.Decisions == _decisionCount
                    && (expected.AllDecisionsDigested ? expected.DecisionFull.AsSpan().SequenceEqual(_decisionFull) : expected.DecisionBase.AsSpan().SequenceEqual(_decisionBase));
                if (!same)
                {
                    DecisionMismatches.Add(id);
                }
            }
        }

        _decisionRelease = null;
        _decisionFull = Empty;
        _decisionBase = Empty;
        _decisionCount = 0;
    }

    /// <summary>After the decision pass: releases the ledger decided on whose decisions are all missing from the table.</summary>
    public void MissingDecisions()
    {
        foreach (var (id, release) in _releases.Where(r => r.Value.Decisions > 0 && !r.Value.DecisionsSeen).OrderBy(r => r.Key))
        {
            Break("decisions", id, $"the ledger records {release.Decisions} decision(s) of release {id}, but the table holds none");
        }
    }

    public void Release(ReleaseRecord row)
    {
        _rows++;
        if (!_releases.Remove(row.Id, out var expected))
        {
            Break("releases", row.Id, $"release {row.Id} ({row.Workflow} {row.Version}) has no release.submitted entry in the ledger: it was stored outside ReleaseGate");
            return;
        }

        var state = ReleaseStates.Word(row.State);
        Differ("releases", row.Id, "workflow", expected.Workflow, row.Workflow);
        Differ("releases", row.Id, "version", expected.Version, row.Version);
        Differ("releases", row.Id, "digest", expected.Digest, row.Digest);
        Differ("releases", row.Id, "submitter", expected.Submitter, row.Submitter);
        Differ("releases", row.Id, "state", expected.State, state);
    }

    public void Approval(ApprovalRecord row)
    {
        _rows++;
        if (!_approvals.Remove(row.Id, out var expected))
        {
            Break("approvals", row.Id, $"approval {row.Id} ({row.Actor}, stage '{row.Stage}' of release {row.ReleaseId}) has no entry in the ledger: it was stored outside ReleaseGate and does not count");
            return;
        }

        Differ("approvals", row.Id, "release", expected.ReleaseId.ToString(CultureInfo.InvariantCulture), row.ReleaseId.ToString(CultureInfo.InvariantCulture));
        Differ("approvals", row.Id, "stage", expected.Stage, row.Stage);
        Differ("approvals", row.Id, "actor", expected.Actor, row.Actor);
        Differ("approvals", row.Id, "verdict", expected.Verdict, Names.Of(row.Verdict));
        Differ("approvals", row.Id, "release digest", expected.ReleaseDigest, row.ReleaseDigest);
        Differ("approvals", row.Id, "evidence digest", expected.EvidenceDigest, row.EvidenceDigest);
        Differ("approvals", row.Id, "gate digest", expected.GateDigest, row.GateDigest);
        Differ("approvals", row.Id, "stage digest", expected.StageDigest, row.StageDigest);
        Differ("approvals", row.Id, "comment", expected.Comment, row.Comment);
        Differ("approvals", row.Id, "invalidated", expected.Invalidated ? "true" : "false", row.Invalidated ? "true" : "false");
    }

    public void Waiver(WaiverRecord row)
    {
        _rows++;
        if (!_waivers.Remove(row.Id, out var expected))
        {
            Break("waivers", row.Id, $"waiver {row.Id} ({row.Check} in {row.Workflow}) has no waiver.granted entry in the ledger: it was stored outside ReleaseGate");
            return;
        }

        Differ("waivers", row.Id, "workflow", expected.Workflow, row.Workflow);
        Differ("waivers", row.Id, "check", expected.Check, row.Check);
        Differ("waivers", row.Id, "release", expected.Release, row.Release);
        Differ("waivers", row.Id, "reason", expected.Reason, row.Reason);
        Differ("waivers", row.Id, "granted by", expected.GrantedBy, row.GrantedBy);
        var expires = expected.Expires is { } e && e.StartsWith('~')
            ? "~" + row.Expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : LedgerHash.FormatTime(row.Expires);
        Differ("waivers", row.Id, "expiry", expected.Expires, expires);
        Differ("waivers", row.Id, "revoked by", expected.RevokedBy, row.RevokedBy);
        Differ("waivers", row.Id, "revoke reason", expected.RevokeReason, row.RevokeReason);
    }

    public void ReviewVerdict(ReviewVerdictRecord row)
    {
        _rows++;
        if (!_verdicts.Remove((row.ItemId, row.Reviewer, row.Adjudication), out var expected))
        {
            Break("review_verdicts", row.Id, $"review verdict {row.Id} ({row.Reviewer} on review item {row.ItemId} of release {row.ReleaseId}) has no review.verdict entry in the ledger: it was stored outside ReleaseGate and does not count");
            return;
        }

        Differ("review_verdicts", row.Id, "release", expected.ReleaseId.ToString(CultureInfo.InvariantCulture), row.ReleaseId.ToString(CultureInfo.InvariantCulture));
        Differ("review_verdicts", row.Id, "pass", expected.Pass ? "true" : "false", row.Pass ? "true" : "false");
        Differ("review_verdicts", row.Id, "severity", expected.Severity, row.Severity);
        Differ("review_verdicts", row.Id, "evidence digest", expected.EvidenceDigest, row.EvidenceDigest);
    }

    /// <summary>Compares one bank case's state with its latest <c>bank.added</c> or <c>bank.changed</c> entry.</summary>
    public void BankCase(long id, string workflow, string caseId, string state)
    {
        _rows++;
        if (!_bankCases.Remove(BankSubject(workflow, caseId), out var expected))
        {
            Break("bank_cases", id, $"bank case '{caseId}' of workflow '{workflow}' has no bank.added entry in the ledger: it was stored outside ReleaseGate");
            return;
        }

        Differ("bank_cases", id, "state", expected.State, state);
    }

    /// <summary>The subject of a bank case's ledger entries.</summary>
    public static string BankSubject(string workflow, string caseId) => BankSubjectPrefix + workflow + "/" + caseId;

    /// <summary>After every table: what the ledger records and no table holds.</summary>
    public void Missing()
    {
        foreach (var (id, release) in _releases.OrderBy(r => r.Key))
        {
            Break("releases", id, $"ledger entry {release.Seq} records release {id}, but the table has no such row");
        }

        foreach (var (id, approval) in _approvals.OrderBy(a => a.Key))
        {
            Break("approvals", id, $"ledger entry {approval.Seq} records approval {id}, but the table has no such row");
        }

        foreach (var (id, waiver) in _waivers.OrderBy(w => w.Key))
        {
            Break("waivers", id, $"ledger entry {waiver.Seq} records waiver {id}, but the table has no such row");
        }

        foreach (var ((item, reviewer, _), verdict) in _verdicts.OrderBy(v => v.Value.Seq))
        {
            Break("ledger", verdict.Seq, $"this entry records a verdict of '{reviewer}' on review item {item}, but review_verdicts has no such row");
        }

        foreach (var (subject, bankCase) in _bankCases.OrderBy(b => b.Value.Seq))
        {
            Break("ledger", bankCase.Seq, $"this entry records bank case '{subject}', but bank_cases has no such row");
        }
    }

    /// <summary>The text a decision row and a decision entry share, for the running digests and for naming a difference.</summary>
    public static string DecisionTuple(string verdict, string? gate, string? release, string? evidence, string? baseline, string actor) =>
        $"verdict {verdict}\ngate {gate}\nrelease {release}\nevidence {evidence}\nbaseline {baseline ?? "none"}\nactor {actor}";

    /// <summary>The SHA-256 of a decision JSON, as the ledger records it.</summary>
    public static string DecisionDigest(string json) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private void Invalidate(LedgerEntry entry, JsonObject payload, long releaseId)
    {
        if (payload["approvals"] is JsonArray ids)
        {
            foreach (var node in ids)
            {
                var id = node?.GetValueKind() == JsonValueKind.Number ? node.GetValue<long>() : -1;
                if (_approvals.TryGetValue(id, out var approval) && approval.ReleaseId == releaseId)
                {
                    approval.Invalidated = true;
                }
                else
                {
                    Break("ledger", entry.Seq, $"this entry voids approval {node?.ToJsonString()}, which no earlier entry of release {releaseId} recorded");
                }
            }

            return;
        }

        // Entries written before the ids were recorded void every valid approval of the release on other evidence.
        var evidence = Text(payload, "evidence");
        foreach (var approval in _approvals.Values.Where(a => a.ReleaseId == releaseId && !a.Invalidated && a.EvidenceDigest != evidence))
        {
            approval.Invalidated = true;
        }
    }

    private void Differ(string table, long id, string field, string? expected, string? actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Break(table, id, $"{field} is {Quote(actual)} in the table, but the ledger implies {Quote(expected)}");
        }
    }

    private ExpectedRelease? Release(LedgerEntry entry)
    {
        if (ReleaseOf(entry) is not { } id)
        {
            return null;
        }

        if (_releases.TryGetValue(id, out var release))
        {
            return release;
        }

        Break("ledger", entry.Seq, $"this {entry.Type} entry is about release {id}, which no earlier entry submitted");
        return null;
    }

    /// <summary>The release id of a <c>release/&lt;workflow&gt;/&lt;id&gt;</c> subject, or null (the entry is reported).</summary>
    private long? ReleaseOf(LedgerEntry entry)
    {
        var slash = entry.Subject.LastIndexOf('/');
        if (entry.Subject.StartsWith("release/", StringComparison.Ordinal) && slash > "release/".Length
            && long.TryParse(entry.Subject.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        Break("ledger", entry.Seq, $"this {entry.Type} entry's subject '{entry.Subject}' names no release");
        return null;
    }

    private static string Workflow(string subject)
    {
        // release/<workflow>/<id> or workflow/<workflow>
        if (subject.StartsWith("workflow/", StringComparison.Ordinal))
        {
            return subject["workflow/".Length..];
        }

        var last = subject.LastIndexOf('/');
        return last > "release/".Length ? subject["release/".Length..last] : "";
    }

    private static byte[] Fold(byte[] state, string text)
    {
        var bytes = new byte[32 + Encoding.UTF8.GetByteCount(text)];
        state.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(text, bytes.AsSpan(32));
        return SHA256.HashData(bytes);
    }

    private static string? Text(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static long? Number(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var n) ? n : null;

    private static bool? Flag(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    private static bool IsBankState(string word) => word is "active" or "quarantined" or "retired" or "proposed";

    private static string Quote(string? text) => text is null ? "nothing" : "'" + text + "'";

    private sealed class ExpectedRelease(long seq, string workflow, string? version, string? digest, string submitter)
    {
        public long Seq { get; } = seq;

        public string Workflow { get; } = workflow;

        public string? Version { get; } = version;

        public string? Digest { get; } = digest;

        public string Submitter { get; } = submitter;

        // A release is stored pending and decided in the same transaction; the last decision's verdict is its state.
        public string State { get; set; } = "pending";

        public long Decisions { get; set; }

        public bool DecisionsSeen { get; set; }

        public bool AllDecisionsDigested { get; set; } = true;

        public byte[] DecisionFull { get; set; } = Empty;

        public byte[] DecisionBase { get; set; } = Empty;
    }

    private sealed record ExpectedApproval(
        long Seq, long ReleaseId, string Stage, string Actor, string Verdict, string ReleaseDigest, string EvidenceDigest, string GateDigest, string StageDigest,
        string? Comment)
    {
        public bool Invalidated { get; set; }
    }

    private sealed record ExpectedBankCase(long Seq, string State);

    private sealed record ExpectedVerdict(long Seq, long ReleaseId, bool Pass, string? Severity, string EvidenceDigest);

    private sealed record ExpectedWaiver(long Seq, string Workflow, string Check, string? Release, string Reason, string GrantedBy, string? Expires)
    {
        public string? RevokedBy { get; set; }

        public string? RevokeReason { get; set; }
    }
}
