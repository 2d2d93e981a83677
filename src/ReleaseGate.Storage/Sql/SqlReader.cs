using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Every read, written once for both databases. A store leases a fresh pooled connection per call; a transaction leases its own
/// connection and transaction, so reads inside it see its writes.
/// </summary>
internal abstract partial class SqlReader : IGateReader
{
    private protected abstract ValueTask<Lease> LeaseAsync(CancellationToken cancellationToken);

    public Task<WorkflowRecord?> GetWorkflowAsync(string name, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.WorkflowColumns} FROM workflows WHERE name = @name", new { name }, Rows.Workflow, cancellationToken);

    public Task<IReadOnlyList<WorkflowRecord>> ListWorkflowsAsync(CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.WorkflowColumns} FROM workflows ORDER BY name", Rows.Workflow, cancellationToken);

    public Task<GateVersionRecord?> GetGateVersionAsync(string workflow, string digest, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.GateVersionColumns} FROM gate_versions WHERE workflow = @workflow AND digest = @digest",
            new { workflow, digest }, Rows.GateVersion, cancellationToken);

    public Task<IReadOnlyList<GateVersionRecord>> ListGateVersionsAsync(string workflow, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.GateVersionColumns} FROM gate_versions WHERE workflow = @workflow ORDER BY id",
            new { workflow }, Rows.GateVersion, cancellationToken);

    public Task<ReleaseRecord?> GetReleaseAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.ReleaseColumns} FROM releases WHERE id = @id", new { id }, Rows.Release, cancellationToken);

    public Task<ReleaseRecord?> GetReleaseByDigestAsync(string workflow, string digest, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.ReleaseColumns} FROM releases WHERE workflow = @workflow AND digest = @digest",
            new { workflow, digest }, Rows.Release, cancellationToken);

    public Task<ReleaseRecord?> GetReleaseByVersionAsync(string workflow, string version, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.ReleaseColumns} FROM releases WHERE workflow = @workflow AND version = @version ORDER BY id LIMIT 1",
            new { workflow, version }, Rows.Release, cancellationToken);

    public Task<IReadOnlyList<ReleaseRecord>> ListReleasesAsync(
        string? workflow = null, ReleaseState? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var stateText = state is { } s ? ReleaseStates.Word(s) : null;
        return ListAsync(
            $"SELECT {Rows.ReleaseColumns} FROM releases WHERE (@workflow IS NULL OR workflow = @workflow) " +
            "AND (@stateText IS NULL OR state = @stateText) ORDER BY id DESC LIMIT @limit",
            new { workflow, stateText, limit }, Rows.Release, cancellationToken);
    }

    public Task<IReadOnlyList<EvidenceRunRecord>> ListEvidenceRunsAsync(long releaseId, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.RunColumns} FROM evidence_runs WHERE release_id = @releaseId ORDER BY id",
            new { releaseId }, Rows.Run, cancellationToken);

    public async IAsyncEnumerable<EvidenceLine> ReadResultLinesAsync(long releaseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var run in await ListEvidenceRunsAsync(releaseId, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var line in ReadRunLinesAsync(run.Id, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }

    public IAsyncEnumerable<EvidenceLine> ReadRunLinesAsync(long runId, CancellationToken cancellationToken = default) =>
        StreamAsync($"SELECT {Rows.LineColumns} FROM result_lines WHERE run_id = @runId ORDER BY line_no", new { runId }, Rows.Line, cancellationToken);

    public async Task<AttachmentRecord?> GetAttachmentAsync(string digest, CancellationToken cancellationToken = default) =>
        await SingleAsync("SELECT digest, media_type, content, created_at FROM attachments WHERE digest = @digest", new { digest },
            r => new AttachmentRecord(r.GetString(0), r.GetString(1), r.GetFieldValue<byte[]>(2), Rows.Time(r, 3)), cancellationToken).ConfigureAwait(false);

    public Task<IReadOnlyList<ReleaseAttachmentRecord>> ListReleaseAttachmentsAsync(long releaseId, CancellationToken cancellationToken = default) =>
        ListAsync("SELECT release_id, name, digest FROM release_attachments WHERE release_id = @releaseId ORDER BY name",
            new { releaseId }, r => new ReleaseAttachmentRecord(r.GetInt64(0), r.GetString(1), r.GetString(2)), cancellationToken);

    public Task<IReadOnlyList<DecisionRecord>> ListDecisionsAsync(long releaseId, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.DecisionColumns} FROM decisions WHERE release_id = @releaseId ORDER BY id",
            new { releaseId }, Rows.Decision, cancellationToken);

    public Task<DecisionRecord?> GetLatestDecisionAsync(long releaseId, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.DecisionColumns} FROM decisions WHERE release_id = @releaseId ORDER BY id DESC LIMIT 1",
            new { releaseId }, Rows.Decision, cancellationToken);

    public Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(long releaseId, bool includeInvalidated = false, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.ApprovalColumns} FROM approvals WHERE release_id = @releaseId AND (@includeInvalidated OR invalidated = @no) ORDER BY id",
            new { releaseId, includeInvalidated, no = false }, Rows.Approval, cancellationToken);

    public Task<WaiverRecord?> GetWaiverAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.WaiverColumns} FROM waivers WHERE id = @id", new { id }, Rows.Waiver, cancellationToken);

    public Task<IReadOnlyList<WaiverRecord>> ListWaiversAsync(string workflow, bool includeRevoked = false, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.WaiverColumns} FROM waivers WHERE workflow = @workflow AND (@includeRevoked OR revoked_at IS NULL) ORDER BY id",
            new { workflow, includeRevoked }, Rows.Waiver, cancellationToken);

    public Task<UserRecord?> GetUserAsync(string name, CancellationToken cancellationToken = default) =>
        SingleAsync("SELECT name, display_name, created_at FROM users WHERE name = @name", new { name },
            r => new UserRecord(r.GetString(0), r.GetString(1), Rows.Time(r, 2)), cancellationToken);

    public Task<GroupRecord?> GetGroupAsync(string name, CancellationToken cancellationToken = default) =>
        SingleAsync("SELECT name, description, created_at FROM user_groups WHERE name = @name", new { name },
            r => new GroupRecord(r.GetString(0), r.GetString(1), Rows.Time(r, 2)), cancellationToken);

    public Task<IReadOnlyList<string>> ListGroupsOfUserAsync(string userName, CancellationToken cancellationToken = default) =>
        ListAsync("SELECT group_name FROM memberships WHERE user_name = @userName ORDER BY group_name", new { userName }, r => r.GetString(0), cancellationToken);

    public Task<IReadOnlyList<string>> ListMembersAsync(string groupName, CancellationToken cancellationToken = default) =>
        ListAsync("SELECT user_name FROM memberships WHERE group_name = @groupName ORDER BY user_name", new { groupName }, r => r.GetString(0), cancellationToken);

    public Task<ApiTokenRecord?> FindApiTokenAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.TokenColumns} FROM api_tokens WHERE token_hash = @tokenHash", new { tokenHash }, Rows.Token, cancellationToken);

    public Task<ApiTokenRecord?> GetApiTokenAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.TokenColumns} FROM api_tokens WHERE id = @id", new { id }, Rows.Token, cancellationToken);

    public Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(string? userName = null, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.TokenColumns} FROM api_tokens WHERE (@userName IS NULL OR user_name = @userName) ORDER BY id",
            new { userName }, Rows.Token, cancellationToken);

    public Task<LedgerEntry?> GetLedgerHeadAsync(CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.LedgerColumns} FROM ledger ORDER BY seq DESC LIMIT 1", Rows.Ledger, cancellationToken);

    public IAsyncEnumerable<LedgerEntry> ReadLedgerAsync(long afterSeq = 0, long? limit = null, CancellationToken cancellationToken = default) =>
        StreamAsync($"SELECT {Rows.LedgerColumns} FROM ledger WHERE seq > @afterSeq ORDER BY seq LIMIT @take",
            new { afterSeq, take = limit ?? long.MaxValue }, Rows.Ledger, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ListLedgerBySubjectAsync(string subject, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.LedgerColumns} FROM ledger WHERE subject = @subject ORDER BY seq", new { subject }, Rows.Ledger, cancellationToken);

    public Task<LedgerEntry?> GetLatestLedgerEntryAsync(string subject, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.LedgerColumns} FROM ledger WHERE subject = @subject ORDER BY seq DESC LIMIT 1", new { subject }, Rows.Ledger, cancellationToken);

    private protected Task<T?> SingleAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class =>
        SingleAsync(sql, default(NoParameters), map, cancellationToken);

    private protected async Task<T?> SingleAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters, T>(
        string sql, TParameters parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where TParameters : notnull
        where T : class
    {
        try
        {
            var lease = await LeaseAsync(cancellationToken).ConfigureAwait(false);
            await using (lease.ConfigureAwait(false))
            {
                var command = SqlCommands.Create(lease.Connection, lease.Transaction, sql, parameters);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
                    }
                }
            }
        }
        catch (Exception e) when (StoreErrors.Translate(e) is var mapped && mapped != e)
        {
            throw mapped;
        }
    }

    private protected Task<IReadOnlyList<T>> ListAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        ListAsync(sql, default(NoParameters), map, cancellationToken);

    private protected async Task<IReadOnlyList<T>> ListAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters, T>(
        string sql, TParameters parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where TParameters : notnull
    {
        try
        {
            var lease = await LeaseAsync(cancellationToken).ConfigureAwait(false);
            await using (lease.ConfigureAwait(false))
            {
                var command = SqlCommands.Create(lease.Connection, lease.Transaction, sql, parameters);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var list = new List<T>();
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            list.Add(map(reader));
                        }

                        return list;
                    }
                }
            }
        }
        catch (Exception e) when (StoreErrors.Translate(e) is var mapped && mapped != e)
        {
            throw mapped;
        }
    }

    private async IAsyncEnumerable<T> StreamAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters, T>(
        string sql, TParameters parameters, Func<DbDataReader, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TParameters : notnull
    {
        var lease = await LeaseAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var command = SqlCommands.Create(lease.Connection, lease.Transaction, sql, parameters);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield return map(reader);
                    }
                }
            }
        }
    }
}
