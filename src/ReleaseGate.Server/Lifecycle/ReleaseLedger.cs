using System.Text.Json.Nodes;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// What a release's ledger entries vouch for, read in one pass: which approval and review verdict rows are exactly as the
/// ledger recorded them (and not voided since), and what the release's review items were last sampled on.
/// </summary>
internal sealed class ReleaseLedger
{
    private readonly Dictionary<long, (string Actor, bool Approve, JsonObject Payload)> _votes = [];
    private readonly HashSet<long> _voided = [];
    private readonly Dictionary<long, (string Actor, JsonObject Payload)> _verdicts = [];

    /// <summary>The gate and evidence digests of the latest <c>review.sampled</c> entry, if any.</summary>
    public (string Gate, string Evidence)? Sampled { get; private set; }

    /// <summary>The digest of the sample the latest <c>review.sampled</c> entry recorded.</summary>
    public string? SampleDigest { get; private set; }

    /// <summary>Reads the entries of <paramref name="release"/>'s subject.</summary>
    public static async Task<ReleaseLedger> ReadAsync(IGateReader reader, ReleaseRecord release, CancellationToken cancellationToken)
    {
        var ledger = new ReleaseLedger();
        foreach (var entry in await reader.ListLedgerBySubjectAsync(ReleaseLifecycle.Subject(release), cancellationToken))
        {
            if (entry.Type is not (LedgerEvents.ApprovalGiven or LedgerEvents.ApprovalRejected or LedgerEvents.ApprovalsInvalidated
                    or LedgerEvents.ReviewVerdictGiven or LedgerEvents.ReviewSampled)
                || JsonNode.Parse(entry.PayloadJson) is not JsonObject payload)
            {
                continue;
            }

            switch (entry.Type)
            {
                case LedgerEvents.ApprovalsInvalidated:
                    foreach (var id in payload["approvals"] as JsonArray ?? [])
                    {
                        if (id is JsonValue value && value.TryGetValue<long>(out var voidedId))
                        {
                            ledger._voided.Add(voidedId);
                        }
                    }

                    break;
                case LedgerEvents.ReviewVerdictGiven:
                    if (payload["verdict_id"] is JsonValue v && v.TryGetValue<long>(out var verdictId))
                    {
                        ledger._verdicts[verdictId] = (entry.Actor, payload);
                    }

                    break;
                case LedgerEvents.ReviewSampled:
                    if (payload["gate"] is JsonValue g && g.TryGetValue<string>(out var gate) && payload["evidence"] is JsonValue e && e.TryGetValue<string>(out var evidence))
                    {
                        ledger.Sampled = (gate, evidence);
                        ledger.SampleDigest = payload["sample"] is JsonValue d && d.TryGetValue<string>(out var digest) ? digest : null;
                    }

                    break;
                default:
                    if (payload["approval"] is JsonValue a && a.TryGetValue<long>(out var approvalId))
                    {
                        ledger._votes[approvalId] = (entry.Actor, entry.Type == LedgerEvents.ApprovalGiven, payload);
                    }

                    break;
            }
        }

        return ledger;
    }

    /// <summary>
    /// Whether an approval row is a vote the ledger recorded for the release, exactly as recorded: its entry names the same
    /// approval, actor, stage, verdict and digests, and no entry has voided it. A row written or changed outside ReleaseGate
    /// is not a vote ('releasegate audit verify' names it).
    /// </summary>
    public bool Recorded(ApprovalRecord a) =>
        _votes.TryGetValue(a.Id, out var vote)
        && !_voided.Contains(a.Id)
        && vote.Actor == a.Actor
        && vote.Approve == (a.Verdict == ApprovalVerdict.Approve)
        && ReleaseLifecycle.Same(vote.Payload, "stage", a.Stage)
        && ReleaseLifecycle.Same(vote.Payload, "release", a.ReleaseDigest)
        && ReleaseLifecycle.Same(vote.Payload, "evidence", a.EvidenceDigest)
        && ReleaseLifecycle.Same(vote.Payload, "stage_definition", a.StageDigest);

    /// <summary>Whether a review verdict row is exactly as the ledger recorded it: same item, reviewer, verdict, severity, role and evidence.</summary>
    public bool Recorded(ReviewVerdictRecord v) =>
        _verdicts.TryGetValue(v.Id, out var given)
        && given.Actor == v.Reviewer
        && given.Payload["item"] is JsonValue item && item.TryGetValue<long>(out var itemId) && itemId == v.ItemId
        && given.Payload["pass"] is JsonValue pass && pass.TryGetValue<bool>(out var passed) && passed == v.Pass
        && given.Payload["adjudication"] is JsonValue adj && adj.TryGetValue<bool>(out var adjudication) && adjudication == v.Adjudication
        && (given.Payload["severity"] is JsonValue s && s.TryGetValue<string>(out var severity) ? severity == v.Severity : v.Severity is null)
        && ReleaseLifecycle.Same(given.Payload, "evidence", v.EvidenceDigest);
}
