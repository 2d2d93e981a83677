using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Gates;
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

    /// <summary>The workflows' regression banks.</summary>
    public RegressionBank Bank { get; } = new();

    /// <summary>The server's time now.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The stored evidence decisions read, with its cache.</summary>
    public StoredEvidence Evidence { get; init; } = new();

    /// <summary>Gathers what the decision on <paramref name="release"/> rests on now, reading through <paramref name="reader"/> (a store or a transaction).</summary>
    public async Task<DecisionBasis> GatherAsync(IGateReader reader, ReleaseRecord release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(release);
        var workflow = await reader.GetWorkflowAsync(release.Workflow, cancellationToken)
            ?? throw new InvalidOperationException($"release {release.Id} names workflow '{release.Workflow}', which is not stored");
        var baselineId = workflow.BaselineReleaseId is { } id && id != release.Id ? id : (long?)null;
        var runs = await reader.ListEvidenceRunsAsync(release.Id, cancellationToken);

        // A vote, waiver or review verdict counts only when the ledger recorded it: a row written straight into a table is not one.
        var approvals = await reader.ListApprovalsAsync(release.Id, includeInvalidated: true, cancellationToken);
        var ledger = await ReleaseLedger.ReadAsync(reader, release, cancellationToken);
        var (granted, unrecordedWaivers) = await RecordedWaiversAsync(reader, release.Workflow, cancellationToken);

        // Review items are sampled on one evidence digest; those on other evidence (or voided) are not what is decided on.
        var baselineDigest = baselineId is { } b ? (await reader.GetReleaseAsync(b, cancellationToken))?.Digest : null;
        var evidenceDigest = EvidenceDigest.Of(runs.Select(r => r.Digest), baselineDigest);
        var items = (await reader.ListReviewItemsAsync(release.Id, includeVoid: true, cancellationToken)).ToList();
        var current = items.Where(i => i.State != ReviewItemStatus.Void && i.EvidenceDigest == evidenceDigest).Select(i => i.Id).ToHashSet();
        var verdicts = (await reader.ListReviewVerdictsAsync(release.Id, cancellationToken)).Where(v => current.Contains(v.ItemId)).ToList();
        var gateDigest = workflow.CurrentGateDigest ?? release.GateDigest;
        var gate = await GateAsync(reader, release.Workflow, gateDigest, cancellationToken);

        // Unresolved compliance findings are read only when the gate lets them block; escalations always, for the record.
        var findings = gate.Gate.Compliance is { Block.Count: > 0 }
            ? await reader.ListFindingsAsync(release.Workflow, [FindingState.Open, FindingState.Acknowledged], null, int.MaxValue, cancellationToken)
            : null;
        var escalations = await Operations.EscalationSweep.StandingAsync(reader, release, gate.Gate, current: false, cancellationToken);
        var stored = new StoredRecords(runs, approvals, [.. granted, .. unrecordedWaivers], items, verdicts) { Findings = findings ?? [], Escalations = escalations };
        var inputs = new DecisionInputs(
            runs.Select(r => r.Id).ToList(), baselineId,
            approvals.Where(ledger.Recorded).Select(a => a.Id).ToList(), granted.Select(w => w.Id).ToList(),
            approvals.Where(a => !ledger.Recorded(a)).Select(a => a.Id).ToList(), unrecordedWaivers.Select(w => w.Id).ToList(),
            release.State == ReleaseState.Shipped, time.GetUtcNow())
        {
            ReviewItems = current.Order().ToList(),
            ReviewVerdicts = verdicts.Where(ledger.Recorded).Select(v => v.Id).ToList(),
            IgnoredReviewVerdicts = verdicts.Where(v => !ledger.Recorded(v)).Select(v => v.Id).ToList(),
            Findings = findings?.Select(f => f.Id).Order().ToList(),
            Escalations = escalations.Select(e => e.Id).ToList(),
        };

        // The items count only as the ledger sampled them: rows voided, added or changed outside ReleaseGate leave the reviews pending.
        var sampled = items.Where(i => current.Contains(i.Id)).Select(ReviewPlanner.Sampled).ToList();
        if (ledger.Sampled == (gateDigest, evidenceDigest) && ledger.SampleDigest != ReviewPlanner.Digest(sampled))
        {
            inputs = inputs with { ReviewItems = null, ReviewVerdicts = [], IgnoredReviewVerdicts = [], ReviewSampleMismatch = true };
        }

        var basis = await BasisAsync(reader, release, gateDigest, inputs, stored, cancellationToken);
        return basis with { Sampled = ledger.Sampled };
    }

    /// <summary>
    /// Gathers what the decision on <paramref name="release"/> rests on, as <see cref="GatherAsync"/> does, after sampling its review
    /// items in <paramref name="tx"/> if the gate or the evidence changed since they were sampled: what every write path decides on.
    /// </summary>
    public async Task<DecisionBasis> GatherForWriteAsync(IGateTransaction tx, ReleaseRecord release, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return await ReviewPlanner.PrepareAsync(this, tx, release, await GatherAsync(tx, release, cancellationToken), actor, cancellationToken);
    }

    /// <summary>The decision on <paramref name="basis"/>: one call of the pure engine.</summary>
    public static DecisionOutcome Decide(DecisionBasis basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        var decision = GateEngine.Decide(basis.Input) with { GateDigest = basis.GateDigest };
        return new DecisionOutcome(basis.Notes.Count == 0 ? decision : decision with { Notes = [.. decision.Notes, .. basis.Notes] }, basis);
    }

    /// <summary>Derives the decision on <paramref name="release"/> now (<see cref="GatherAsync"/>, then <see cref="Decide"/>).</summary>
    public async Task<DecisionOutcome> DecideAsync(IGateReader reader, ReleaseRecord release, CancellationToken cancellationToken) =>
        Decide(await GatherAsync(reader, release, cancellationToken));

    /// <summary>
    /// Derives <paramref name="recorded"/> again from the records its <c>inputs</c> name, its gate digest and its time, with the same
    /// engine: what an auditor does to confirm a decision follows from the record. The result's JSON equals the recorded JSON when it does.
    /// </summary>
    /// <exception cref="FormatException">The decision does not record its inputs (decisions recorded before they did).</exception>
    public async Task<DecisionOutcome> RederiveAsync(IGateReader reader, DecisionRecord recorded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(recorded);
        var inputs = DecisionInputs.FromJson(JsonNode.Parse(recorded.DecisionJson)?["inputs"]);
        var release = await reader.GetReleaseAsync(recorded.ReleaseId, cancellationToken)
            ?? throw new InvalidOperationException($"decision {recorded.Id} names release {recorded.ReleaseId}, which is not stored");
        var stored = new StoredRecords(
            await reader.ListEvidenceRunsAsync(release.Id, cancellationToken),
            await reader.ListApprovalsAsync(release.Id, includeInvalidated: true, cancellationToken),
            await reader.ListWaiversAsync(release.Workflow, includeRevoked: true, cancellationToken),
            inputs.ReviewItems is null ? [] : await reader.ListReviewItemsAsync(release.Id, includeVoid: true, cancellationToken),
            inputs.ReviewItems is null ? [] : await reader.ListReviewVerdictsAsync(release.Id, cancellationToken))
        {
            Findings = inputs.Findings is null ? [] : (await reader.ListFindingsAsync(release.Workflow, null, null, int.MaxValue, cancellationToken)),
            Escalations = inputs.Escalations.Count == 0 ? [] : await reader.ListEscalationsAsync(release.Id, cancellationToken),
        };
        return Decide(await BasisAsync(reader, release, recorded.GateDigest, inputs, stored, cancellationToken));
    }

    /// <summary>
    /// Every decision <paramref name="reader"/> holds, workflow by workflow and release by release, each derived again
    /// (<see cref="RederiveAsync"/>): what <c>audit verify --decisions</c> reports on.
    /// </summary>
    public async IAsyncEnumerable<Rederivation> RederiveAllAsync(IGateReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var workflow in await reader.ListWorkflowsAsync(cancellationToken))
        {
            foreach (var release in await reader.ListReleasesAsync(workflow.Name, limit: int.MaxValue, cancellationToken: cancellationToken))
            {
                foreach (var recorded in await reader.ListDecisionsAsync(release.Id, cancellationToken))
                {
                    if (!DecisionInputs.IsRecordedIn(recorded.DecisionJson))
                    {
                        yield return new Rederivation(release, recorded, null, null);
                        continue;
                    }

                    DecisionOutcome? again = null;
                    string? failure = null;
                    try
                    {
                        again = await RederiveAsync(reader, recorded, cancellationToken);
                    }
                    catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException)
                    {
                        failure = e.Message;
                    }

                    yield return new Rederivation(release, recorded, again, failure);
                }
            }
        }
    }

    /// <summary>Takes the records <paramref name="inputs"/> names from <paramref name="stored"/> (and the gate and manifests from the store) and builds the engine's input from them.</summary>
    private async Task<DecisionBasis> BasisAsync(
        IGateReader reader, ReleaseRecord release, string gateDigest, DecisionInputs inputs, StoredRecords stored, CancellationToken cancellationToken)
    {
        var now = inputs.At;
        var gate = await GateAsync(reader, release.Workflow, gateDigest, cancellationToken);
        var candidateRelease = await ReleaseEvidenceAsync(reader, release, cancellationToken);
        var baseline = inputs.BaselineRelease is { } baselineId
            ? await reader.GetReleaseAsync(baselineId, cancellationToken) ?? throw new InvalidDataException($"the decision names baseline release {baselineId}, which is not stored")
            : null;
        var baselineRelease = baseline is null ? null : await ReleaseEvidenceAsync(reader, baseline, cancellationToken);
        var storedRuns = stored.Runs.ToDictionary(r => r.Id);
        var runs = inputs.EvidenceRuns.Select(id => Named(storedRuns, id, "evidence run")).ToList();
        var evidenceDigest = EvidenceDigest.Of(runs.Select(r => r.Digest), baseline?.Digest);
        var (candidate, baselineEvidence) = await Evidence.ReadAsync(reader, release.Id, runs, evidenceDigest, cancellationToken);

        var approvals = stored.Approvals.ToDictionary(a => a.Id);
        var votes = inputs.Approvals.Select(id => Named(approvals, id, "approval"))
            .Select(a => new Vote(a.Stage, a.Actor, a.Verdict == ApprovalVerdict.Approve, a.ReleaseDigest, a.EvidenceDigest, a.StageDigest)).ToList();
        var waiverRows = stored.Waivers.ToDictionary(w => w.Id);
        var waivers = inputs.Waivers.Select(id => Named(waiverRows, id, "waiver"))
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
        // The bank as it stood when the release was submitted: a case banked later is not asked of it, and one retired later still is.
        var suites = gate.Suites;
        DateTimeOffset? bankAsOf = null;
        if (gate.Gate.Regressions is { } rules
            && await Bank.SuiteAsOfAsync(reader, release.Workflow, rules.Suite, gate.Suites.GetValueOrDefault(rules.Suite), release.CreatedAt, now, cancellationToken) is { } bank)
        {
            suites = new Dictionary<string, Suite>(gate.Suites, StringComparer.Ordinal) { [rules.Suite] = bank };
            bankAsOf = release.CreatedAt;
        }

        var input = new DecisionInput
        {
            Gate = gate.Gate,
            Candidate = candidate,
            Baseline = baselineEvidence.Suites.Count > 0 ? baselineEvidence : null,
            Release = candidateRelease,
            BaselineRelease = baselineRelease,
            Suites = suites,
            BankAsOf = bankAsOf,
            Waivers = waivers,
            Now = now,
            Policies = gate.Gate.NeedsPolicyEngine ? new CelPolicyEvaluator(new StoppedClock(now)) : null,
            Votes = votes,
            Submitter = release.Submitter,
            EvidenceDigest = evidenceDigest,
            Shipped = inputs.Shipped,
            Findings = inputs.Findings is null ? null : await FindingsAsync(reader, stored.Findings, inputs.Findings, cancellationToken),
            Escalations = Escalations(stored.Escalations, inputs.Escalations),
        };
        var itemRows = stored.ReviewItems.ToDictionary(i => i.Id);
        var reviewItems = inputs.ReviewItems?.Select(id => Named(itemRows, id, "review item")).ToList();
        if (reviewItems is not null)
        {
            var verdictRows = stored.ReviewVerdicts.ToDictionary(v => v.Id);
            input = input with
            {
                ReviewItems = reviewItems.Select(ReviewPlanner.Sampled).ToList(),
                ReviewVerdicts = inputs.ReviewVerdicts.Select(id => Named(verdictRows, id, "review verdict"))
                    .Select(v => ReviewPlanner.Verdict(Named(itemRows, v.ItemId, "review item"), v)).ToList(),
            };
        }

        var notes = inputs.IgnoredApprovals.Select(id => Named(approvals, id, "approval"))
            .Select(a => $"approval {a.Id} of stage '{a.Stage}' by {a.Actor} is not in the ledger as it is stored, so it does not count: it was written or changed outside ReleaseGate ('releasegate audit verify' names it).")
            .Concat(inputs.IgnoredWaivers.Select(id => $"waiver {id} of '{Named(waiverRows, id, "waiver").Check}' is not in the ledger as it is stored, so it does not count: it was written or changed outside ReleaseGate ('releasegate audit verify' names it)."))
            .Concat(inputs.IgnoredReviewVerdicts.Select(id => $"review verdict {id} is not in the ledger as it is stored, so it does not count: it was written or changed outside ReleaseGate ('releasegate audit verify' names it)."))
            .Concat(inputs.ReviewSampleMismatch
                ? ["the stored review items are not the sample the ledger recorded for this evidence (rows were added, voided or changed outside ReleaseGate), so no review verdict counts and the reviews stay pending."]
                : [])
            .ToList();
        return new DecisionBasis(input, inputs, gateDigest, baseline?.Digest, StageDigest.OfGate(gate.Gate), notes) { ReviewItems = reviewItems ?? [] };
    }

    /// <summary>The release's evidence runs, approvals (voided ones too), the workflow's waivers and the release's review items and verdicts, as read once for a decision.</summary>
    private sealed record StoredRecords(
        IReadOnlyList<EvidenceRunRecord> Runs, IReadOnlyList<ApprovalRecord> Approvals, IReadOnlyList<WaiverRecord> Waivers,
        IReadOnlyList<ReviewItemRecord> ReviewItems, IReadOnlyList<ReviewVerdictRecord> ReviewVerdicts)
    {
        public IReadOnlyList<FindingRecord> Findings { get; init; } = [];

        public IReadOnlyList<EscalationRecord> Escalations { get; init; } = [];
    }

    private static async Task<List<OpenFinding>> FindingsAsync(IGateReader reader, IReadOnlyList<FindingRecord> stored, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var rows = stored.ToDictionary(f => f.Id);
        var versions = new Dictionary<long, string>();
        var findings = new List<OpenFinding>(ids.Count);
        foreach (var finding in ids.Select(id => Named(rows, id, "compliance finding")))
        {
            if (!versions.TryGetValue(finding.ReleaseId, out var version))
            {
                version = versions[finding.ReleaseId] = (await reader.GetReleaseAsync(finding.ReleaseId, cancellationToken))?.Version
                    ?? throw new InvalidDataException($"compliance finding {finding.Id} names release {finding.ReleaseId}, which is not stored");
            }

            findings.Add(new OpenFinding(finding.Id, finding.Policy, Core.Formats.Choices.Severities.TryGetValue(finding.Severity, out var severity) ? severity : Severity.Critical,
                version, finding.OpenedAt, finding.Message));
        }

        return findings;
    }

    private static List<StageEscalation> Escalations(IReadOnlyList<EscalationRecord> stored, IReadOnlyList<long> ids)
    {
        var rows = stored.ToDictionary(e => e.Id);
        return ids.Select(id => Named(rows, id, "escalation"))
            .Select(e => new StageEscalation(e.Target, e.ToGroup, e.Level, e.EscalatedAt, e.WaitingSince, e.Reason)).ToList();
    }

    private static T Named<T>(Dictionary<long, T> records, long id, string what) =>
        records.TryGetValue(id, out var record) ? record : throw new InvalidDataException($"the decision names {what} {id}, which is not stored");

    /// <summary>
    /// Re-decides <paramref name="release"/> inside <paramref name="tx"/> and records the outcome (<see cref="RecordOutcomeAsync"/>).
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Another writer changed the release since <paramref name="release"/> was read.</exception>
    public async Task<(DecisionOutcome Outcome, ReleaseRecord Release, bool Changed)> RecordAsync(
        IGateTransaction tx, ReleaseRecord release, string actor, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(release);
        var basis = await GatherForWriteAsync(tx, release, actor, cancellationToken);
        return await RecordOutcomeAsync(tx, release, Decide(basis), actor, reason, cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="outcome"/> for <paramref name="release"/> inside <paramref name="tx"/>: approvals given on other evidence
    /// are invalidated, a decision that differs from the last recorded one is recorded with a ledger entry, and the release's state
    /// and row version are updated, so that two writers deciding on the same release at once conflict rather than both win.
    /// </summary>
    /// <param name="tx">The transaction to write in.</param>
    /// <param name="release">The release as read in <paramref name="tx"/>.</param>
    /// <param name="outcome">The decision to record.</param>
    /// <param name="actor">Who caused it.</param>
    /// <param name="reason">Why it was decided again, for the ledger.</param>
    /// <param name="staleVoided">True when the caller already voided the stale approvals in <paramref name="tx"/> (<see cref="InvalidateStaleAsync"/>), as a vote does before it is stored.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <exception cref="ConcurrencyConflictException">Another writer changed the release since <paramref name="release"/> was read.</exception>
    public static async Task<(DecisionOutcome Outcome, ReleaseRecord Release, bool Changed)> RecordOutcomeAsync(
        IGateTransaction tx, ReleaseRecord release, DecisionOutcome outcome, string actor, string reason, CancellationToken cancellationToken, bool staleVoided = false)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(outcome);
        if (!staleVoided)
        {
            await InvalidateStaleAsync(tx, release, outcome.Basis, actor, cancellationToken);
        }

        await ReviewPlanner.SyncStatesAsync(tx, outcome.Basis, cancellationToken);
        var json = outcome.ToJson(release.Id);
        var last = await tx.GetLatestDecisionAsync(release.Id, cancellationToken);
        var changed = last is null || DecisionOutcome.Substance(last.DecisionJson) != DecisionOutcome.Substance(json);
        if (changed)
        {
            var verdict = DecisionJson.Word(outcome.Verdict);
            await tx.AddDecisionAsync(new NewDecision(release.Id, verdict, outcome.Decision.GateDigest, release.Digest,
                outcome.EvidenceDigest, outcome.BaselineDigest, json, actor), cancellationToken);
            await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.DecisionChanged, Subject(release), new JsonObject
            {
                ["verdict"] = verdict,
                ["previous"] = last?.Verdict,
                ["reason"] = reason,
                ["gate"] = outcome.Decision.GateDigest,
                ["release"] = release.Digest,
                ["evidence"] = outcome.EvidenceDigest,
                ["baseline"] = outcome.BaselineDigest,
                ["decision"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            }), cancellationToken);
            // In the same transaction: the webhook outbox holds the event exactly when the decision is committed.
            await Notifications.DecisionEvents.EnqueueAsync(tx, release, outcome, last?.Verdict, reason, cancellationToken);
        }

        // Always bump the row version: it is what makes concurrent writers on one release conflict.
        var updated = await tx.UpdateReleaseAsync(release.Id, release.RowVersion, new ReleaseUpdate(State: StateOf(outcome.Verdict)), cancellationToken);
        return (outcome, updated, changed);
    }

    /// <summary>Decides every open release of <paramref name="workflow"/> again in <paramref name="tx"/> (after a gate, baseline, waiver or finding change).</summary>
    /// <returns>How many releases were decided again.</returns>
    public async Task<int> RedecideOpenAsync(IGateTransaction tx, string workflow, string actor, string reason, long? except, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var count = 0;
        foreach (var state in new[] { ReleaseState.Pending, ReleaseState.Blocked, ReleaseState.Approved })
        {
            foreach (var release in await tx.ListReleasesAsync(workflow, state, int.MaxValue, cancellationToken))
            {
                if (release.Id != except)
                {
                    await RecordAsync(tx, release, actor, reason, cancellationToken);
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// Voids the valid approvals of <paramref name="release"/> that no longer count — given on other evidence or another release
    /// digest, or on a stage whose definition has changed (or is gone) — each cause with its own ledger entry naming the approvals.
    /// </summary>
    /// <param name="tx">The transaction to write in.</param>
    /// <param name="release">The release.</param>
    /// <param name="outcome">What the release is decided on now, which names the current evidence and stage digests.</param>
    /// <param name="actor">Who caused the re-decision.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public static async Task InvalidateStaleAsync(IGateTransaction tx, ReleaseRecord release, DecisionBasis outcome, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(outcome);
        // Only votes the ledger recorded are voided: a row written outside ReleaseGate gets no ledger entry of ours to vouch for it.
        var votes = outcome.Inputs.Approvals.ToHashSet();
        var valid = (await tx.ListApprovalsAsync(release.Id, includeInvalidated: false, cancellationToken)).Where(a => votes.Contains(a.Id)).ToList();
        var evidence = valid.Where(a => a.EvidenceDigest != outcome.Input.EvidenceDigest || a.ReleaseDigest != release.Digest).ToList();
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
                ["evidence"] = outcome.Input.EvidenceDigest,
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
                ["gate"] = outcome.GateDigest,
                ["stages"] = new JsonObject(stage.Select(a => a.Stage).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .Select(s => KeyValuePair.Create(s, (JsonNode?)(outcome.StageDigests.TryGetValue(s, out var d) ? d : null)))),
                ["count"] = stage.Count,
                ["reason"] = "the gate changed the stage's definition (or removed the stage) after the approvals were given; the approvers must approve again",
            }), cancellationToken);
        }
    }

    private static JsonArray Ids(IEnumerable<ApprovalRecord> approvals) => new(approvals.Select(a => (JsonNode)a.Id).ToArray());

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
    internal static bool Same(JsonObject payload, string key, string value) =>
        !payload.ContainsKey(key) || (payload[key] is JsonValue v && v.TryGetValue<string>(out var s) && s == value);

    /// <summary>The ledger subject of a release: <c>release/&lt;workflow&gt;/&lt;id&gt;</c>.</summary>
    public static string Subject(ReleaseRecord release) => $"release/{release.Workflow}/{release.Id}";

    /// <summary>The stored state for a server verdict.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Verdict.Pass"/>, which only a decision that collects no votes gives.</exception>
    public static ReleaseState StateOf(Verdict verdict) => verdict switch
    {
        Verdict.Blocked => ReleaseState.Blocked,
        Verdict.Pending => ReleaseState.Pending,
        Verdict.Approved => ReleaseState.Approved,
        Verdict.Rejected => ReleaseState.Rejected,
        Verdict.Shipped => ReleaseState.Shipped,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "the server's decisions collect votes and never say 'pass'"),
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

    /// <summary>The stored manifest of <paramref name="release"/> with its attachments' digests, loaded as a decision sees it.</summary>
    internal static async Task<ReleaseEvidence> ReleaseEvidenceAsync(IGateReader reader, ReleaseRecord release, CancellationToken cancellationToken)
    {
        var attachments = await reader.ListReleaseAttachmentsAsync(release.Id, cancellationToken);
        var bundle = new ReleaseBundle("release.yaml", release.ManifestYaml, attachments.ToDictionary(a => a.Name, a => a.Digest, StringComparer.Ordinal));
        var (loaded, errors) = bundle.Load(release.Workflow);
        return loaded ?? throw new InvalidDataException($"the stored manifest of release {release.Id} no longer loads: {string.Join("; ", errors)}");
    }

    /// <summary>A clock that always reads <paramref name="now"/>: what <c>now()</c> in a rule reads during one decision or run.</summary>
    internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
