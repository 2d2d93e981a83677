namespace ReleaseGate.Storage.Sql;

/// <summary>
/// The writes of compliance runs, findings and escalations. Uniqueness (one scheduled run per workflow and time, one unresolved finding
/// per release and policy, one escalation per level) is decided by unique indexes with <c>ON CONFLICT DO NOTHING</c>, which on
/// PostgreSQL waits for a concurrent inserter of the same key and never aborts the caller's transaction.
/// </summary>
internal sealed partial class SqlGateTransaction
{
    public Task<ComplianceRunRecord?> StartComplianceRunAsync(NewComplianceRun run, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!OperationsSql.Triggers.Contains(run.Trigger))
        {
            throw new ArgumentOutOfRangeException(nameof(run), run.Trigger, StorageMessages.UnknownTrigger(run.Trigger));
        }

        await RequireWorkflowAsync(run.Workflow, cancellationToken).ConfigureAwait(false);
        return await SingleAsync(
            "INSERT INTO compliance_runs (workflow, scheduled_for, run_trigger, instance, actor, started_at, releases, policies, violations, opened, resolved) " +
            "VALUES (@Workflow, @scheduledFor, @Trigger, @Instance, @Actor, @now, 0, 0, 0, 0, 0) " +
            $"ON CONFLICT (workflow, scheduled_for) WHERE run_trigger = 'schedule' DO NOTHING RETURNING {OperationsSql.RunColumns}",
            new
            {
                run.Workflow, scheduledFor = LedgerHash.TruncateToMicroseconds(run.ScheduledFor.ToUniversalTime()), run.Trigger, run.Instance, run.Actor,
                now = store.Now(),
            },
            OperationsSql.Run, cancellationToken).ConfigureAwait(false);
    });

    public Task<ComplianceRunRecord> FinishComplianceRunAsync(long runId, ComplianceRunTotals totals, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(totals);
            return await SingleAsync(
                    "UPDATE compliance_runs SET ended_at = @now, releases = @Releases, policies = @Policies, violations = @Violations, opened = @Opened, " +
                    $"resolved = @Resolved, error = @Error WHERE id = @runId AND ended_at IS NULL RETURNING {OperationsSql.RunColumns}",
                    new { now = store.Now(), totals.Releases, totals.Policies, totals.Violations, totals.Opened, totals.Resolved, totals.Error, runId },
                    OperationsSql.Run, cancellationToken).ConfigureAwait(false)
                ?? (await GetComplianceRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } ended
                    ? throw new ConcurrencyConflictException(StorageMessages.RunEnded(runId, ended.EndedAt!.Value))
                    : throw new RecordNotFoundException(StorageMessages.RunMissing(runId)));
        });

    public Task<FindingRecord> OpenFindingAsync(NewFinding f, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(f);
        var release = await RequireReleaseAsync(f.ReleaseId, cancellationToken).ConfigureAwait(false);
        if (release.Workflow != f.Workflow)
        {
            throw new RecordNotFoundException(StorageMessages.ReleaseOfOtherWorkflow(f.ReleaseId, f.Workflow));
        }

        if (await GetComplianceRunAsync(f.RunId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RecordNotFoundException(StorageMessages.RunMissing(f.RunId));
        }

        return await SingleAsync(
                "INSERT INTO findings (workflow, release_id, policy, rule_digest, severity, owner, message, state, opened_run, opened_at, row_version) " +
                "VALUES (@Workflow, @ReleaseId, @Policy, @RuleDigest, @Severity, @Owner, @Message, @open, @RunId, @now, 1) " +
                $"ON CONFLICT (release_id, policy) WHERE state <> 'resolved' DO NOTHING RETURNING {OperationsSql.FindingColumns}",
                new { f.Workflow, f.ReleaseId, f.Policy, f.RuleDigest, f.Severity, f.Owner, f.Message, open = FindingStates.Word(FindingState.Open), f.RunId, now = store.Now() },
                OperationsSql.Finding, cancellationToken).ConfigureAwait(false)
            ?? throw new DuplicateRecordException(StorageMessages.FindingUnresolved(f.ReleaseId, f.Policy,
                await UnresolvedFindingIdAsync(f.ReleaseId, f.Policy, cancellationToken).ConfigureAwait(false)));
    });

    public Task<FindingRecord> AcknowledgeFindingAsync(long id, string actor, string note, long? expectedRowVersion, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(actor);
            ArgumentNullException.ThrowIfNull(note);
            var current = await LockFindingAsync(id, expectedRowVersion, cancellationToken).ConfigureAwait(false);
            if (current.State != FindingState.Open)
            {
                throw new FindingStateException(StorageMessages.FindingNotOpen(id, FindingStates.Word(current.State)));
            }

            return (await SingleAsync(
                "UPDATE findings SET state = @state, acknowledged_by = @actor, acknowledged_at = @now, ack_note = @note, row_version = row_version + 1 " +
                $"WHERE id = @id RETURNING {OperationsSql.FindingColumns}",
                new { state = FindingStates.Word(FindingState.Acknowledged), actor, now = store.Now(), note, id }, OperationsSql.Finding, cancellationToken)
                .ConfigureAwait(false))!;
        });

    public Task<FindingRecord> ResolveFindingAsync(long id, string actor, string resolution, long? runId, long? expectedRowVersion, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(actor);
            ArgumentNullException.ThrowIfNull(resolution);
            var current = await LockFindingAsync(id, expectedRowVersion, cancellationToken).ConfigureAwait(false);
            if (current.State == FindingState.Resolved)
            {
                throw new FindingStateException(StorageMessages.FindingResolved(id, current.ResolvedBy, current.ResolvedAt));
            }

            if (runId is { } run && await GetComplianceRunAsync(run, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new RecordNotFoundException(StorageMessages.RunMissing(run));
            }

            return (await SingleAsync(
                "UPDATE findings SET state = @state, resolved_by = @actor, resolved_at = @now, resolution = @resolution, resolved_run = @runId, " +
                $"row_version = row_version + 1 WHERE id = @id RETURNING {OperationsSql.FindingColumns}",
                new { state = FindingStates.Word(FindingState.Resolved), actor, now = store.Now(), resolution, runId, id }, OperationsSql.Finding, cancellationToken)
                .ConfigureAwait(false))!;
        });

    public Task<EscalationRecord?> AddEscalationAsync(NewEscalation e, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!OperationsSql.EscalationKinds.Contains(e.Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(e), e.Kind, StorageMessages.UnknownEscalationKind(e.Kind));
        }

        await RequireReleaseAsync(e.ReleaseId, cancellationToken).ConfigureAwait(false);
        return await SingleAsync(
            "INSERT INTO escalations (release_id, kind, target, to_group, level, waiting_since, escalated_at, reason) " +
            "VALUES (@ReleaseId, @Kind, @Target, @ToGroup, @Level, @waitingSince, @now, @Reason) " +
            $"ON CONFLICT (release_id, kind, target, waiting_since, level) DO NOTHING RETURNING {OperationsSql.EscalationColumns}",
            new
            {
                e.ReleaseId, e.Kind, e.Target, e.ToGroup, e.Level, waitingSince = LedgerHash.TruncateToMicroseconds(e.WaitingSince.ToUniversalTime()), now = store.Now(),
                e.Reason,
            },
            OperationsSql.Escalation, cancellationToken).ConfigureAwait(false);
    });

    /// <summary>A finding, held until commit (PostgreSQL: <c>FOR UPDATE</c>), checked against the version the caller read.</summary>
    private async Task<FindingRecord> LockFindingAsync(long id, long? expectedRowVersion, CancellationToken cancellationToken)
    {
        var current = await SingleAsync($"SELECT {OperationsSql.FindingColumns} FROM findings WHERE id = @id{store.ForUpdate}", new { id }, OperationsSql.Finding,
                cancellationToken).ConfigureAwait(false)
            ?? throw new RecordNotFoundException(StorageMessages.FindingMissing(id));
        if (expectedRowVersion is { } expected && expected != current.RowVersion)
        {
            throw new ConcurrencyConflictException(StorageMessages.StaleFinding(id, expected, current.RowVersion));
        }

        return current;
    }

    private async Task<long?> UnresolvedFindingIdAsync(long releaseId, string policy, CancellationToken cancellationToken) =>
        (await SingleAsync("SELECT id FROM findings WHERE release_id = @releaseId AND policy = @policy AND state <> 'resolved'",
            new { releaseId, policy }, r => (object)r.GetInt64(0), cancellationToken).ConfigureAwait(false)) as long?;
}
