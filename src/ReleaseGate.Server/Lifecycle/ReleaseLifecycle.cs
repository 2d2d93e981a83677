using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Policies;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// Re-decides a release from what the store holds — its gate, manifest, evidence, the workflow's baseline, waivers and
/// approvals — with the pure engine, and records a changed decision with its ledger entry in the caller's transaction.
/// </summary>
/// <remarks>Parsed gates and evidence are cached by digest: both are immutable once stored, so a cache entry never goes stale.</remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class ReleaseLifecycle(TimeProvider time)
{
    /// <summary>The prefix of an evidence run's source that marks every line of it as the baseline's.</summary>
    public const string BaselineSource = "baseline:";

    private readonly ConcurrentDictionary<string, LoadedGate> _gates = new(StringComparer.Ordinal);

    /// <summary>The stored evidence decisions read, with its cache.</summary>
    public StoredEvidence Evidence { get; init; } = new();

    /// <summary>Derives the decision on <paramref name="release"/> now, reading through <paramref name="reader"/> (a store or a transaction).</summary>
    public async Task<DecisionOutcome> DecideAsync(IGateReader reader, ReleaseRecord release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(release);
        var workflow = await reader.GetWorkflowAsync(release.Workflow, cancellationToken)
            ?? throw new InvalidOperationException($"release {release.Id} names workflow '{release.Workflow}', which is not stored");
        var gateDigest = workflow.CurrentGateDigest ?? release.GateDigest;
        var gate = await GateAsync(reader, release.Workflow, gateDigest, cancellationToken);
        var now = time.GetUtcNow();
        var candidateRelease = await ReleaseEvidenceAsync(reader, release, cancellationToken);
        ReleaseRecord? baseline = null;
        if (workflow.BaselineReleaseId is { } baselineId && baselineId != release.Id)
        {
            baseline = await reader.GetReleaseAsync(baselineId, cancellationToken);
        }

        var baselineRelease = baseline is null ? null : await ReleaseEvidenceAsync(reader, baseline, cancellationToken);
        var runs = await reader.ListEvidenceRunsAsync(release.Id, cancellationToken);
        var evidenceDigest = EvidenceDigest.Of(runs.Select(r => r.Digest), baseline?.Digest);
        var (candidate, baselineEvidence) = await Evidence.ReadAsync(reader, release.Id, runs, evidenceDigest, cancellationToken);
        var (grantedWaivers, unrecordedWaivers) = await RecordedWaiversAsync(reader, release.Workflow, cancellationToken);
        var waivers = grantedWaivers
            .Select(w => new Waiver
            {
                Check = w.Check,
                Release = w.Release ?? release.Digest,
                Reason = w.Reason,
                GrantedBy = w.GrantedBy,
                GrantedAt = w.GrantedAt,
                Expires = w.Expires,
                Location = SourceLocation.OfFile($"waiver {w.Id}"),
            }).ToList();
        var needsCel = gate.Gate.Policies.Count > 0 || gate.Gate.Approvals.Any(a => a.When is not null);
        var input = new DecisionInput
        {
            Gate = gate.Gate,
            Candidate = candidate,
            Baseline = baselineEvidence.Suites.Count > 0 ? baselineEvidence : null,
            Release = candidateRelease,
            BaselineRelease = baselineRelease,
            Suites = gate.Suites,
            Waivers = waivers,
            Now = now,
            Policies = needsCel ? new CelPolicyEvaluator(new StoppedClock(now)) : null,
        };
        var decision = GateEngine.Decide(input) with { GateDigest = gateDigest };
        // A vote counts only when the ledger recorded it: a row written straight into the table is not a vote.
        var stored = await reader.ListApprovalsAsync(release.Id, includeInvalidated: true, cancellationToken);
        var recorded = await RecordedVotesAsync(reader, release, cancellationToken);
        var unrecorded = stored.Where(a => !recorded(a)).ToList();
        var votes = stored.Except(unrecorded)
            .Select(a => new ApprovalVote(a.Stage, a.Actor, a.Verdict == ApprovalVerdict.Approve, a.ReleaseDigest, a.EvidenceDigest, a.StageDigest, a.Comment ?? "", a.CreatedAt))
            .ToList();
        var stages = StageDigest.OfGate(gate.Gate);
        var (resolved, verdict) = ReleaseDecider.Apply(decision, votes, release.Digest, evidenceDigest, stages, release.Submitter, release.State == ReleaseState.Shipped);
        if (unrecorded.Count > 0 || unrecordedWaivers.Count > 0)
        {
            resolved = resolved with
            {
                Notes =
                [
                    .. resolved.Notes,
                    .. unrecorded.Select(a => $"approval {a.Id} of stage '{a.Stage}' by {a.Actor} is not in the ledger as it is stored, so it does not count: it was written or changed outside ReleaseGate ('releasegate audit verify' names it)."),
                    .. unrecordedWaivers.Select(w => $"waiver {w.Id} of '{w.Check}' is not in the ledger as it is stored, so it does not count: it was written or changed outside ReleaseGate ('releasegate audit verify' names it)."),
                ],
            };
        }

        return new DecisionOutcome(resolved, verdict, evidenceDigest, baseline?.Digest, stages, stored.Except(unrecorded).Select(a => a.Id).ToHashSet());
    }

    /// <summary>
    /// Re-decides <paramref name="release"/> inside <paramref name="tx"/>: approvals given on other evidence are invalidated,
    /// a decision that differs from the last recorded one is recorded with a ledger entry, and the release's state and row
    /// version are updated, so that two writers deciding on the same release at once conflict rather than both win.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Another writer changed the release since <paramref name="release"/> was read.</exception>
    public async Task<(DecisionOutcome Outcome, ReleaseRecord Release, bool Changed)> RecordAsync(
        IGateTransaction tx, ReleaseRecord release, string actor, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(release);
        var outcome = await DecideAsync(tx, release, cancellationToken);
        return await RecordOutcomeAsync(tx, release, outcome, actor, reason, cancellationToken);
    }

    /// <summary>Records <paramref name="outcome"/> for <paramref name="release"/> as <see cref="RecordAsync"/> does, without deciding again.</summary>
    /// <exception cref="ConcurrencyConflictException">Another writer changed the release since <paramref name="release"/> was read.</exception>
    public async Task<(DecisionOutcome Outcome, ReleaseRecord Release, bool Changed)> RecordOutcomeAsync(
        IGateTransaction tx, ReleaseRecord release, DecisionOutcome outcome, string actor, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(outcome);
        await InvalidateStaleAsync(tx, release, outcome, actor, cancellationToken);

        var json = ServerDecisionJson.Serialize(outcome, release);
        var last = await tx.GetLatestDecisionAsync(release.Id, cancellationToken);
        var changed = last is null || ServerDecisionJson.Substance(last.DecisionJson) != ServerDecisionJson.Substance(json);
        if (changed)
        {
            await tx.AddDecisionAsync(new NewDecision(release.Id, outcome.Verdict.Word(), outcome.Decision.GateDigest, release.Digest,
                outcome.EvidenceDigest, outcome.BaselineDigest, json, actor), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.DecisionChanged, Subject(release), new JsonObject
            {
                ["verdict"] = outcome.Verdict.Word(),
                ["previous"] = last?.Verdict,
                ["reason"] = reason,
                ["gate"] = outcome.Decision.GateDigest,
                ["release"] = release.Digest,
                ["evidence"] = outcome.EvidenceDigest,
                ["baseline"] = outcome.BaselineDigest,
                ["decision"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            }), cancellationToken);
        }

        // Always bump the row version: it is what makes concurrent writers on one release conflict.
        var updated = await tx.UpdateReleaseAsync(release.Id, release.RowVersion, new ReleaseUpdate(State: StateOf(outcome.Verdict)), cancellationToken);
        return (outcome, updated, changed);
    }

    /// <summary>
    /// Voids the valid approvals of <paramref name="release"/> that no longer count — given on other evidence or another release
    /// digest, or on a stage whose definition has changed (or is gone) — each cause with its own ledger entry naming the approvals.
    /// </summary>
    /// <param name="tx">The transaction to write in.</param>
    /// <param name="release">The release.</param>
    /// <param name="outcome">The decision just derived for it, which names the current evidence and stage digests.</param>
    /// <param name="actor">Who caused the re-decision.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public static async Task InvalidateStaleAsync(IGateTransaction tx, ReleaseRecord release, DecisionOutcome outcome, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(outcome);
        // Only votes the ledger recorded are voided: a row written outside ReleaseGate gets no ledger entry of ours to vouch for it.
        var valid = (await tx.ListApprovalsAsync(release.Id, includeInvalidated: false, cancellationToken)).Where(a => outcome.RecordedApprovals.Contains(a.Id)).ToList();
        var evidence = valid.Where(a => a.EvidenceDigest != outcome.EvidenceDigest || a.ReleaseDigest != release.Digest).ToList();
        var stage = valid.Except(evidence)
            .Where(a => !outcome.StageDigests.TryGetValue(a.Stage, out var digest) || digest != a.StageDigest).ToList();
        if (evidence.Count > 0)
        {
            await tx.InvalidateApprovalsAsync(release.Id, evidence.Select(a => a.Id).ToList(), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.ApprovalsInvalidated, Subject(release), new JsonObject
            {
                ["cause"] = "evidence",
                ["approvals"] = Ids(evidence),
                ["release"] = release.Digest,
                ["evidence"] = outcome.EvidenceDigest,
                ["count"] = evidence.Count,
                ["reason"] = "the evidence changed after the approvals were given; the approvers must approve again",
            }), cancellationToken);
        }

        if (stage.Count > 0)
        {
            await tx.InvalidateApprovalsAsync(release.Id, stage.Select(a => a.Id).ToList(), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.ApprovalsInvalidated, Subject(release), new JsonObject
            {
                ["cause"] = "stage",
                ["approvals"] = Ids(stage),
                ["release"] = release.Digest,
                ["gate"] = outcome.Decision.GateDigest,
                ["stages"] = new JsonObject(stage.Select(a => a.Stage).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .Select(s => KeyValuePair.Create(s, (JsonNode?)(outcome.StageDigests.TryGetValue(s, out var d) ? d : null)))),
                ["count"] = stage.Count,
                ["reason"] = "the gate changed the stage's definition (or removed the stage) after the approvals were given; the approvers must approve again",
            }), cancellationToken);
        }
    }

    private static JsonArray Ids(IEnumerable<ApprovalRecord> approvals) => new(approvals.Select(a => (JsonNode)a.Id).ToArray());

    /// <summary>
    /// Whether an approval row is a vote the ledger recorded for <paramref name="release"/>, exactly as recorded: its entry names
    /// the same approval, actor, stage, verdict and digests, and no entry has voided it. A row written or changed outside
    /// ReleaseGate is not a vote ('releasegate audit verify' names it).
    /// </summary>
    private static async Task<Func<ApprovalRecord, bool>> RecordedVotesAsync(IGateReader reader, ReleaseRecord release, CancellationToken cancellationToken)
    {
        var given = new Dictionary<long, (string Actor, bool Approve, JsonObject Payload)>();
        var voided = new HashSet<long>();
        foreach (var entry in await reader.ListLedgerBySubjectAsync(Subject(release), cancellationToken))
        {
            if (entry.Type is not (LedgerEvents.ApprovalGiven or LedgerEvents.ApprovalRejected or LedgerEvents.ApprovalsInvalidated)
                || JsonNode.Parse(entry.PayloadJson) is not JsonObject payload)
            {
                continue;
            }

            if (entry.Type == LedgerEvents.ApprovalsInvalidated)
            {
                foreach (var id in payload["approvals"] as JsonArray ?? [])
                {
                    if (id is JsonValue value && value.TryGetValue<long>(out var voidedId))
                    {
                        voided.Add(voidedId);
                    }
                }
            }
            else if (payload["approval"] is JsonValue id && id.TryGetValue<long>(out var approvalId))
            {
                given[approvalId] = (entry.Actor, entry.Type == LedgerEvents.ApprovalGiven, payload);
            }
        }

        return a => given.TryGetValue(a.Id, out var vote)
            && !voided.Contains(a.Id)
            && vote.Actor == a.Actor
            && vote.Approve == (a.Verdict == ApprovalVerdict.Approve)
            && Same(vote.Payload, "stage", a.Stage)
            && Same(vote.Payload, "release", a.ReleaseDigest)
            && Same(vote.Payload, "evidence", a.EvidenceDigest)
            && Same(vote.Payload, "stage_definition", a.StageDigest);
    }

    /// <summary>
    /// The waivers of <paramref name="workflow"/> the ledger granted and has not revoked, each exactly as granted; a row written
    /// or changed outside ReleaseGate does not count ('releasegate audit verify' names it).
    /// </summary>
    private static async Task<(List<WaiverRecord> Granted, List<WaiverRecord> Unrecorded)> RecordedWaiversAsync(
        IGateReader reader, string workflow, CancellationToken cancellationToken)
    {
        var granted = new Dictionary<long, (string Actor, JsonObject Payload)>();
        var revoked = new HashSet<long>();
        foreach (var entry in await reader.ListLedgerBySubjectAsync($"workflow/{workflow}", cancellationToken))
        {
            if (entry.Type is LedgerEvents.WaiverGranted or LedgerEvents.WaiverRevoked
                && JsonNode.Parse(entry.PayloadJson) is JsonObject payload
                && payload["waiver"] is JsonValue value && value.TryGetValue<long>(out var id))
            {
                if (entry.Type == LedgerEvents.WaiverGranted)
                {
                    granted[id] = (entry.Actor, payload);
                }
                else
                {
                    revoked.Add(id);
                }
            }
        }

        var rows = await reader.ListWaiversAsync(workflow, cancellationToken: cancellationToken);
        var ok = rows.Where(w => granted.TryGetValue(w.Id, out var grant)
            && !revoked.Contains(w.Id)
            && grant.Actor == w.GrantedBy
            && Same(grant.Payload, "check", w.Check)
            && (grant.Payload["release"] is null ? w.Release is null : Same(grant.Payload, "release", w.Release ?? ""))
            && (grant.Payload["expires_at"] is null || Same(grant.Payload, "expires_at", LedgerHash.FormatTime(w.Expires)))).ToList();
        return (ok, rows.Except(ok).ToList());
    }

    /// <summary>Whether <paramref name="payload"/> holds <paramref name="value"/> under <paramref name="key"/>; a key older entries lack matches anything.</summary>
    private static bool Same(JsonObject payload, string key, string value) =>
        !payload.ContainsKey(key) || (payload[key] is JsonValue v && v.TryGetValue<string>(out var s) && s == value);

    /// <summary>The ledger subject of a release: <c>release/&lt;workflow&gt;/&lt;id&gt;</c>.</summary>
    public static string Subject(ReleaseRecord release) => $"release/{release.Workflow}/{release.Id}";

    /// <summary>The stored state for a verdict.</summary>
    public static ReleaseState StateOf(ServerVerdict verdict) => verdict switch
    {
        ServerVerdict.Blocked => ReleaseState.Blocked,
        ServerVerdict.Pending => ReleaseState.Pending,
        ServerVerdict.Approved => ReleaseState.Approved,
        ServerVerdict.Rejected => ReleaseState.Rejected,
        _ => ReleaseState.Shipped,
    };

    /// <summary>The parsed gate stored under <paramref name="digest"/>, from the cache or the store.</summary>
    public async Task<LoadedGate> GateAsync(IGateReader reader, string workflow, string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (_gates.TryGetValue(digest, out var cached))
        {
            return cached;
        }

        var version = await reader.GetGateVersionAsync(workflow, digest, cancellationToken)
            ?? throw new InvalidOperationException($"gate {digest} of workflow '{workflow}' is not stored");
        var bundle = await GateBundleStore.LoadAsync(reader, version, cancellationToken);
        var (gate, _, errors) = GateRegistration.Load(bundle);
        if (gate is null)
        {
            throw new InvalidDataException($"the stored gate {digest} no longer loads: {string.Join("; ", errors)}");
        }

        // A stored version keeps the digest it was stored under, which decisions and votes already name, even where the
        // loader would digest its files differently (a bundle stored with a file the gate does not name).
        return _gates.GetOrAdd(digest, gate with { Gate = gate.Gate with { Digest = digest } });
    }

    private static async Task<ReleaseEvidence> ReleaseEvidenceAsync(IGateReader reader, ReleaseRecord release, CancellationToken cancellationToken)
    {
        var attachments = await reader.ListReleaseAttachmentsAsync(release.Id, cancellationToken);
        var bundle = new ReleaseBundle("release.yaml", release.ManifestYaml, attachments.ToDictionary(a => a.Name, a => a.Digest, StringComparer.Ordinal));
        var (loaded, errors) = bundle.Load(release.Workflow);
        return loaded ?? throw new InvalidDataException($"the stored manifest of release {release.Id} no longer loads: {string.Join("; ", errors)}");
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
