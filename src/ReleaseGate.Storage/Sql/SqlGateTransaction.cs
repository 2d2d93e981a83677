using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using ReleaseGate.Core.Json;

namespace ReleaseGate.Storage.Sql;

/// <summary>A write transaction on either database; every write is written once here.</summary>
internal sealed partial class SqlGateTransaction(SqlGateStore store, DbConnection connection, DbTransaction transaction) : SqlReader, IGateTransaction
{
    private bool _completed;

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync(async () =>
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        _completed = true;
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (!_completed)
        {
            _completed = true;
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false);   // rolls back when not committed
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task<WorkflowRecord> UpsertWorkflowAsync(string name, string risk, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        var now = store.Now();
        await ExecAsync(
            "INSERT INTO workflows (name, risk, created_at, updated_at) VALUES (@name, @risk, @now, @now) " +
            "ON CONFLICT (name) DO UPDATE SET risk = excluded.risk, updated_at = excluded.updated_at",
            new { name, risk, now }, cancellationToken).ConfigureAwait(false);
        return (await GetWorkflowAsync(name, cancellationToken).ConfigureAwait(false))!;
    });

    public Task<GateVersionRecord> AddGateVersionAsync(string workflow, string digest, string yaml, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            await RequireWorkflowAsync(workflow, cancellationToken).ConfigureAwait(false);
            var now = store.Now();
            await ExecAsync(
                "INSERT INTO gate_versions (workflow, digest, yaml, created_by, created_at) VALUES (@workflow, @digest, @yaml, @actor, @now) " +
                "ON CONFLICT (workflow, digest) DO NOTHING",
                new { workflow, digest, yaml, actor, now }, cancellationToken).ConfigureAwait(false);
            await ExecAsync("UPDATE workflows SET current_gate_digest = @digest, updated_at = @now WHERE name = @workflow",
                new { workflow, digest, now }, cancellationToken).ConfigureAwait(false);
            return (await GetGateVersionAsync(workflow, digest, cancellationToken).ConfigureAwait(false))!;
        });

    public Task SetBaselineAsync(string workflow, long? releaseId, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        await RequireWorkflowAsync(workflow, cancellationToken).ConfigureAwait(false);
        if (releaseId is { } id)
        {
            var release = await RequireReleaseAsync(id, cancellationToken).ConfigureAwait(false);
            if (release.Workflow != workflow)
            {
                throw new RecordNotFoundException(StorageMessages.ReleaseOfOtherWorkflow(id, workflow));
            }
        }

        await ExecAsync("UPDATE workflows SET baseline_release_id = @releaseId, updated_at = @now WHERE name = @workflow",
            new { workflow, releaseId, now = store.Now() }, cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task<ReleaseRecord> AddReleaseAsync(NewRelease release, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(release);
        if (await SingleAsync($"SELECT {Rows.WorkflowColumns} FROM workflows WHERE name = @Workflow{store.ForUpdate}", new { release.Workflow }, Rows.Workflow,
                cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RecordNotFoundException(StorageMessages.WorkflowMissing(release.Workflow));
        }

        if (await GetReleaseByVersionAsync(release.Workflow, release.Version, cancellationToken).ConfigureAwait(false) is { } taken)
        {
            throw new DuplicateRecordException(StorageMessages.VersionTaken(release.Workflow, release.Version, taken.Digest));
        }

        var now = store.Now();
        return (await SingleAsync(
            "INSERT INTO releases (workflow, version, digest, manifest_yaml, submitter, gate_digest, state, row_version, created_at, updated_at) " +
            $"VALUES (@Workflow, @Version, @Digest, @ManifestYaml, @Submitter, @GateDigest, @state, 1, @now, @now) RETURNING {Rows.ReleaseColumns}",
            new { release.Workflow, release.Version, release.Digest, release.ManifestYaml, release.Submitter, release.GateDigest, state = ReleaseStates.Word(release.State), now },
            Rows.Release, cancellationToken).ConfigureAwait(false))!;
    });

    public Task<ReleaseRecord?> LockReleaseAsync(long id, CancellationToken cancellationToken = default) => RunAsync(() =>
        SingleAsync($"SELECT {Rows.ReleaseColumns} FROM releases WHERE id = @id{store.ForUpdate}", new { id }, Rows.Release, cancellationToken));

    public Task<ReleaseRecord> UpdateReleaseAsync(long releaseId, long expectedRowVersion, ReleaseUpdate update, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(update);
            var updated = await SingleAsync(
                "UPDATE releases SET state = COALESCE(@state, state), gate_digest = COALESCE(@gateDigest, gate_digest), " +
                "row_version = row_version + 1, updated_at = @now WHERE id = @releaseId AND row_version = @expectedRowVersion " +
                $"RETURNING {Rows.ReleaseColumns}",
                new { state = update.State is { } s ? ReleaseStates.Word(s) : null, gateDigest = update.GateDigest, now = store.Now(), releaseId, expectedRowVersion },
                Rows.Release, cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                return updated;
            }

            var current = await RequireReleaseAsync(releaseId, cancellationToken).ConfigureAwait(false);
            throw new ConcurrencyConflictException(StorageMessages.StaleRelease(releaseId, expectedRowVersion, current.RowVersion));
        });

    public Task<EvidenceRunResult> AddEvidenceRunAsync(NewEvidenceRun run, IAsyncEnumerable<EvidenceLine> lines, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(run);
            ArgumentNullException.ThrowIfNull(lines);
            await RequireReleaseAsync(run.ReleaseId, cancellationToken).ConfigureAwait(false);
            var now = store.Now();
            var inserted = await SingleAsync(
                "INSERT INTO evidence_runs (release_id, digest, source, uploaded_by, line_count, created_at) " +
                $"VALUES (@ReleaseId, @Digest, @Source, @UploadedBy, 0, @now) ON CONFLICT (release_id, digest) DO NOTHING RETURNING {Rows.RunColumns}",
                new { run.ReleaseId, run.Digest, run.Source, run.UploadedBy, now }, Rows.Run, cancellationToken).ConfigureAwait(false);
            if (inserted is null)
            {
                var existing = await SingleAsync($"SELECT {Rows.RunColumns} FROM evidence_runs WHERE release_id = @ReleaseId AND digest = @Digest",
                    new { run.ReleaseId, run.Digest }, Rows.Run, cancellationToken).ConfigureAwait(false);
                return new EvidenceRunResult(existing!, Created: false);
            }

            var count = await store.InsertLinesAsync(connection, transaction, inserted.Id, lines, cancellationToken).ConfigureAwait(false);
            await ExecAsync("UPDATE evidence_runs SET line_count = @count WHERE id = @id", new { count, id = inserted.Id }, cancellationToken).ConfigureAwait(false);
            return new EvidenceRunResult(inserted with { LineCount = count }, Created: true);
        });

    public Task<AttachmentRecord> PutAttachmentAsync(string digest, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            await ExecAsync(
                "INSERT INTO attachments (digest, media_type, content, created_at) VALUES (@digest, @mediaType, @content, @now) ON CONFLICT (digest) DO NOTHING",
                new { digest, mediaType, content = content.ToArray(), now = store.Now() }, cancellationToken).ConfigureAwait(false);
            return (await GetAttachmentAsync(digest, cancellationToken).ConfigureAwait(false))!;
        });

    public Task AddReleaseAttachmentAsync(long releaseId, string name, string digest, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        await RequireReleaseAsync(releaseId, cancellationToken).ConfigureAwait(false);
        var bound = (await ListReleaseAttachmentsAsync(releaseId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.Name == name);
        if (bound is not null)
        {
            return bound.Digest == digest ? true : throw new DuplicateRecordException(StorageMessages.AttachmentBoundElsewhere(releaseId, name, bound.Digest));
        }

        if (await GetAttachmentAsync(digest, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RecordNotFoundException(StorageMessages.ForeignKey($"attachment {digest} is not stored"));
        }

        await ExecAsync("INSERT INTO release_attachments (release_id, name, digest) VALUES (@releaseId, @name, @digest)",
            new { releaseId, name, digest }, cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task<DecisionRecord> AddDecisionAsync(NewDecision decision, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(decision);
        await RequireReleaseAsync(decision.ReleaseId, cancellationToken).ConfigureAwait(false);
        return (await SingleAsync(
            "INSERT INTO decisions (release_id, verdict, gate_digest, release_digest, evidence_digest, baseline_digest, decision_json, actor, created_at) " +
            "VALUES (@ReleaseId, @Verdict, @GateDigest, @ReleaseDigest, @EvidenceDigest, @BaselineDigest, @DecisionJson, @Actor, @now) " +
            $"RETURNING {Rows.DecisionColumns}",
            new
            {
                decision.ReleaseId, decision.Verdict, decision.GateDigest, decision.ReleaseDigest, decision.EvidenceDigest, decision.BaselineDigest,
                decision.DecisionJson, decision.Actor, now = store.Now(),
            },
            Rows.Decision, cancellationToken).ConfigureAwait(false))!;
    });

    public Task<ApprovalRecord> AddApprovalAsync(NewApproval approval, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(approval);
        await RequireReleaseAsync(approval.ReleaseId, cancellationToken).ConfigureAwait(false);
        return (await SingleAsync(
            "INSERT INTO approvals (release_id, stage, actor, release_digest, evidence_digest, gate_digest, stage_digest, verdict, comment, invalidated, created_at) " +
            "VALUES (@ReleaseId, @Stage, @Actor, @ReleaseDigest, @EvidenceDigest, @GateDigest, @StageDigest, @verdict, @Comment, @no, @now) " +
            $"RETURNING {Rows.ApprovalColumns}",
            new
            {
                approval.ReleaseId, approval.Stage, approval.Actor, approval.ReleaseDigest, approval.EvidenceDigest, approval.GateDigest, approval.StageDigest,
                verdict = Names.Of(approval.Verdict), approval.Comment, no = false, now = store.Now(),
            },
            Rows.Approval, cancellationToken).ConfigureAwait(false))!;
    });

    public Task<int> InvalidateApprovalsAsync(long releaseId, string currentEvidenceDigest, CancellationToken cancellationToken = default) =>
        RunAsync(() => ExecAsync(
            "UPDATE approvals SET invalidated = @yes WHERE release_id = @releaseId AND invalidated = @no AND evidence_digest <> @currentEvidenceDigest",
            new { yes = true, no = false, releaseId, currentEvidenceDigest }, cancellationToken));

    public Task<int> InvalidateApprovalsAsync(long releaseId, IReadOnlyCollection<long> approvalIds, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(approvalIds);
            var count = 0;
            foreach (var id in approvalIds)
            {
                count += await ExecAsync("UPDATE approvals SET invalidated = @yes WHERE id = @id AND release_id = @releaseId AND invalidated = @no",
                    new { yes = true, no = false, id, releaseId }, cancellationToken).ConfigureAwait(false);
            }

            return count;
        });

    public Task<WaiverRecord> GrantWaiverAsync(NewWaiver waiver, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(waiver);
        await RequireWorkflowAsync(waiver.Workflow, cancellationToken).ConfigureAwait(false);
        return (await SingleAsync(
            "INSERT INTO waivers (workflow, check_pattern, release_ref, reason, granted_by, granted_at, expires_at) " +
            $"VALUES (@Workflow, @Check, @Release, @Reason, @GrantedBy, @now, @expires) RETURNING {Rows.WaiverColumns}",
            new { waiver.Workflow, waiver.Check, waiver.Release, waiver.Reason, waiver.GrantedBy, now = store.Now(), expires = LedgerHash.TruncateToMicroseconds(waiver.Expires) },
            Rows.Waiver, cancellationToken).ConfigureAwait(false))!;
    });

    public Task<WaiverRecord> RevokeWaiverAsync(long waiverId, string actor, string reason, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        var revoked = await SingleAsync(
            "UPDATE waivers SET revoked_at = @now, revoked_by = @actor, revoke_reason = @reason WHERE id = @waiverId AND revoked_at IS NULL " +
            $"RETURNING {Rows.WaiverColumns}",
            new { now = store.Now(), actor, reason, waiverId }, Rows.Waiver, cancellationToken).ConfigureAwait(false);
        return revoked
            ?? (await GetWaiverAsync(waiverId, cancellationToken).ConfigureAwait(false) is null
                ? throw new RecordNotFoundException(StorageMessages.WaiverMissing(waiverId))
                : throw new ConcurrencyConflictException(StorageMessages.WaiverRevoked(waiverId)));
    });

    public Task<UserRecord> AddUserAsync(string name, string displayName, CancellationToken cancellationToken = default) => RunAsync(async () =>
        (await SingleAsync("INSERT INTO users (name, display_name, created_at) VALUES (@name, @displayName, @now) RETURNING name, display_name, created_at",
            new { name, displayName, now = store.Now() }, r => new UserRecord(r.GetString(0), r.GetString(1), Rows.Time(r, 2)), cancellationToken).ConfigureAwait(false))!);

    public Task<GroupRecord> AddGroupAsync(string name, string description, CancellationToken cancellationToken = default) => RunAsync(async () =>
        (await SingleAsync("INSERT INTO user_groups (name, description, created_at) VALUES (@name, @description, @now) RETURNING name, description, created_at",
            new { name, description, now = store.Now() }, r => new GroupRecord(r.GetString(0), r.GetString(1), Rows.Time(r, 2)), cancellationToken).ConfigureAwait(false))!);

    public Task AddMembershipAsync(string groupName, string userName, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        if (await GetGroupAsync(groupName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RecordNotFoundException(StorageMessages.ForeignKey($"no group is named '{groupName}'"));
        }

        if (await GetUserAsync(userName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RecordNotFoundException(StorageMessages.ForeignKey($"no user is named '{userName}'"));
        }

        return await ExecAsync(
            "INSERT INTO memberships (group_name, user_name, created_at) VALUES (@groupName, @userName, @now) ON CONFLICT (group_name, user_name) DO NOTHING",
            new { groupName, userName, now = store.Now() }, cancellationToken).ConfigureAwait(false);
    });

    public Task<bool> RemoveMembershipAsync(string groupName, string userName, CancellationToken cancellationToken = default) => RunAsync(async () =>
        await ExecAsync("DELETE FROM memberships WHERE group_name = @groupName AND user_name = @userName", new { groupName, userName }, cancellationToken)
            .ConfigureAwait(false) > 0);

    public Task<ApiTokenRecord> AddApiTokenAsync(NewApiToken token, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(token);
        if (await GetUserAsync(token.UserName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RecordNotFoundException(StorageMessages.ForeignKey($"no user is named '{token.UserName}'"));
        }

        return (await SingleAsync(
            "INSERT INTO api_tokens (user_name, name, token_hash, scopes, created_at, expires_at) " +
            $"VALUES (@UserName, @Name, @TokenHash, @scopes, @now, @expires) RETURNING {Rows.TokenColumns}",
            new
            {
                token.UserName, token.Name, token.TokenHash, scopes = Rows.ScopesText(token.Scopes), now = store.Now(),
                expires = token.ExpiresAt is { } e ? LedgerHash.TruncateToMicroseconds(e) : (DateTimeOffset?)null,
            },
            Rows.Token, cancellationToken).ConfigureAwait(false))!;
    });

    public Task<ApiTokenRecord> RevokeApiTokenAsync(long tokenId, CancellationToken cancellationToken = default) => RunAsync(async () =>
        await SingleAsync($"UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @tokenId RETURNING {Rows.TokenColumns}",
            new { now = store.Now(), tokenId }, Rows.Token, cancellationToken).ConfigureAwait(false)
        ?? throw new RecordNotFoundException(StorageMessages.TokenMissing(tokenId)));

    public Task<LedgerEntry> AppendLedgerAsync(NewLedgerEntry entry, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(entry);
        var payload = CanonicalJson.Serialize(entry.Payload);
        var head = await ReadLedgerHeadForAppendAsync(cancellationToken).ConfigureAwait(false);
        var seq = checked(head.Seq + 1);
        var time = store.Now();
        var hash = LedgerHash.Compute(seq, time, entry.Actor, entry.Type, entry.Subject, payload, head.Hash);
        await ExecAsync(
            "INSERT INTO ledger (seq, time, actor, type, subject, payload, prev_hash, hash) VALUES (@seq, @time, @Actor, @Type, @Subject, @payload, @prev, @hash)",
            new { seq, time = store.LedgerTimeValue(time), entry.Actor, entry.Type, entry.Subject, payload, prev = head.Hash, hash }, cancellationToken).ConfigureAwait(false);
        await ExecAsync("UPDATE ledger_head SET seq = @seq, hash = @hash WHERE id = 1", new { seq, hash }, cancellationToken).ConfigureAwait(false);
        return new LedgerEntry(seq, time, entry.Actor, entry.Type, entry.Subject, payload, head.Hash, hash);
    });

    private protected override ValueTask<Lease> LeaseAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Lease(connection, transaction, owns: false));

    private Task<int> ExecAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(
        string sql, TParameters parameters, CancellationToken cancellationToken)
        where TParameters : notnull =>
        SqlCommands.ExecuteAsync(connection, transaction, sql, parameters, cancellationToken);

    /// <summary>The ledger head's one row, read (and, where the database needs it, locked until commit) before an append.</summary>
    private async Task<(long Seq, string Hash)> ReadLedgerHeadForAppendAsync(CancellationToken cancellationToken)
    {
        var command = SqlCommands.Create(connection, transaction, store.SelectLedgerHeadForAppend);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException(StorageMessages.LedgerHeadRows(0));
                }

                var head = (reader.GetInt64(0), reader.GetString(1));
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? throw new InvalidOperationException(StorageMessages.LedgerHeadRows(2)) : head;
            }
        }
    }

    private async Task RequireWorkflowAsync(string workflow, CancellationToken cancellationToken)
    {
        if (await GetWorkflowAsync(workflow, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RecordNotFoundException(StorageMessages.WorkflowMissing(workflow));
        }
    }

    private async Task<ReleaseRecord> RequireReleaseAsync(long releaseId, CancellationToken cancellationToken) =>
        await GetReleaseAsync(releaseId, cancellationToken).ConfigureAwait(false)
        ?? throw new RecordNotFoundException(StorageMessages.ReleaseMissing(releaseId));

    private static async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (StoreErrors.Translate(e) is var mapped && mapped != e)
        {
            throw mapped;
        }
    }
}
