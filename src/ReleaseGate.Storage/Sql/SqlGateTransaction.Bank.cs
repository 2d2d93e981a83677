using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// The writes of the regression bank. Two non-retired cases of a workflow never share a fingerprint: the partial unique index
/// <c>bank_cases_live_fingerprint</c> decides, an insert that would break it does nothing (<c>ON CONFLICT DO NOTHING</c>, which on
/// PostgreSQL waits for a concurrent inserter to finish), and the loser links to the winner's case. Every writer of a case's state
/// or links holds its row (PostgreSQL: <c>FOR UPDATE</c>; SQLite's write transactions are exclusive).
/// </summary>
internal sealed partial class SqlGateTransaction
{
    // A conflicting case can be retired, or its insert rolled back, between the insert that did nothing and the look that follows;
    // the add then tries again. Each round needs another writer to have changed the same key, so a few rounds are plenty.
    private const int BankAddRounds = 4;

    public Task<BankAddResult> AddBankCaseAsync(NewBankCase bankCase, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(bankCase);
        await RequireWorkflowAsync(bankCase.Workflow, cancellationToken).ConfigureAwait(false);
        var (source, reference) = BankSql.SourceAndReference(bankCase.ProvenanceJson);
        for (var round = 0; ; round++)
        {
            if (await LockLiveBankCaseAsync(bankCase.Workflow, bankCase.Fingerprint, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return await LinkAsync(existing, bankCase, source, reference, cancellationToken).ConfigureAwait(false);
            }

            if (await InsertBankCaseAsync(bankCase, source, reference, cancellationToken).ConfigureAwait(false) is { } added)
            {
                return new BankAddResult(added, Added: true, Link: null);
            }

            // The insert did nothing: a non-retired case took the fingerprint meanwhile (found by the next round), or the id is taken.
            if (await LockLiveBankCaseAsync(bankCase.Workflow, bankCase.Fingerprint, cancellationToken).ConfigureAwait(false) is null
                && await GetBankCaseAsync(bankCase.Workflow, bankCase.CaseId, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                throw new BankCaseIdTakenException(StorageMessages.BankCaseIdTaken(bankCase.Workflow, bankCase.CaseId, taken.Fingerprint, taken.State, bankCase.Fingerprint));
            }

            if (round + 1 == BankAddRounds)
            {
                throw new ConcurrencyConflictException(StorageMessages.BankAddContended(bankCase.Workflow, bankCase.CaseId));
            }
        }
    });

    public Task<BankCaseRecord> ChangeBankCaseAsync(string workflow, string caseId, long? expectedRowVersion, BankChange change, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(change);
            var current = await SingleAsync($"SELECT {BankSql.CaseColumns} FROM bank_cases c WHERE c.workflow = @workflow AND c.case_id = @caseId{store.ForUpdate}",
                    new { workflow, caseId }, BankSql.Case, cancellationToken).ConfigureAwait(false)
                ?? throw new RecordNotFoundException(StorageMessages.BankCaseMissing(workflow, caseId));
            if (expectedRowVersion is { } expected && expected != current.RowVersion)
            {
                throw new ConcurrencyConflictException(StorageMessages.StaleBankCase(workflow, caseId, expected, current.RowVersion));
            }

            if (current.State == BankState.Retired && change.State != BankState.Retired
                && await LockLiveBankCaseAsync(workflow, current.Fingerprint, cancellationToken).ConfigureAwait(false) is { } holder)
            {
                throw new BankFingerprintTakenException(StorageMessages.BankFingerprintTaken(workflow, caseId, holder.CaseId));
            }

            var quarantined = change.State == BankState.Quarantined;
            var now = store.Now();
            var owner = quarantined ? change.QuarantineOwner : null;
            var until = quarantined && change.QuarantineUntil is { } u ? LedgerHash.TruncateToMicroseconds(u.ToUniversalTime()) : (DateTimeOffset?)null;
            var state = BankStates.Word(change.State);
            BankCaseRecord changed;
            try
            {
                changed = (await SingleAsync(
                    "UPDATE bank_cases SET state = @state, quarantine_reason = @quarantineReason, quarantine_owner = @owner, quarantine_until = @until, " +
                    "retired_reason = @retiredReason, row_version = row_version + 1, updated_at = @now WHERE id = @id " +
                    $"RETURNING {BankSql.CaseReturning}",
                    new
                    {
                        state, quarantineReason = quarantined ? change.Reason : null, owner, until,
                        retiredReason = change.State == BankState.Retired ? change.Reason : null, now, id = current.Id,
                    },
                    BankSql.Case, cancellationToken).ConfigureAwait(false))!;
            }
            catch (DuplicateRecordException e)
            {
                // PostgreSQL: a concurrent add took the fingerprint after the look above; the index refused the return.
                throw new BankFingerprintTakenException(StorageMessages.BankFingerprintTaken(workflow, caseId, null), e);
            }

            await InsertBankEventAsync(current.Id, state, change.Actor, change.Reason, now, owner, until, cancellationToken).ConfigureAwait(false);
            return changed;
        });

    /// <summary>The workflow's non-retired case with <paramref name="fingerprint"/>, held until commit; null when there is none.</summary>
    private Task<BankCaseRecord?> LockLiveBankCaseAsync(string workflow, string fingerprint, CancellationToken cancellationToken) =>
        SingleAsync($"SELECT {BankSql.CaseColumns} FROM bank_cases c WHERE c.workflow = @workflow AND c.fingerprint = @fingerprint AND c.state <> 'retired'{store.ForUpdate}",
            new { workflow, fingerprint }, BankSql.Case, cancellationToken);

    /// <summary>Stores a new case and its first event; null when a unique key (the id, or a non-retired fingerprint) is taken.</summary>
    private async Task<BankCaseRecord?> InsertBankCaseAsync(NewBankCase c, string? source, string? reference, CancellationToken cancellationToken)
    {
        var now = store.Now();
        var state = BankStates.Word(c.State);
        var added = await SingleAsync(
            "INSERT INTO bank_cases (workflow, case_id, fingerprint, state, severity, case_json, provenance_json, source, reference, created_by, created_at, updated_at, " +
            "row_version, link_count) VALUES (@Workflow, @CaseId, @Fingerprint, @state, @Severity, @CaseJson, @ProvenanceJson, @source, @reference, @Actor, @now, @now, 1, 0) " +
            $"ON CONFLICT DO NOTHING RETURNING {BankSql.CaseReturning}",
            new { c.Workflow, c.CaseId, c.Fingerprint, state, c.Severity, c.CaseJson, c.ProvenanceJson, source, reference, c.Actor, now },
            BankSql.Case, cancellationToken).ConfigureAwait(false);
        if (added is not null)
        {
            await InsertBankEventAsync(added.Id, state, c.Actor, "added", now, null, null, cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    /// <summary>Links a duplicate to <paramref name="existing"/> (held by the caller), unless it or a link has the same source and reference.</summary>
    private async Task<BankAddResult> LinkAsync(BankCaseRecord existing, NewBankCase duplicate, string? source, string? reference, CancellationToken cancellationToken)
    {
        // Without a reference nothing identifies the import: every such duplicate is linked, so that no provenance is lost.
        if (source is not null && reference is not null
            && await SingleAsync(
                "SELECT id FROM bank_cases WHERE id = @id AND source = @source AND reference = @reference " +
                "UNION ALL SELECT id FROM bank_links WHERE bank_case_id = @id AND source = @source AND reference = @reference LIMIT 1",
                new { id = existing.Id, source, reference }, r => (object)r.GetInt64(0), cancellationToken).ConfigureAwait(false) is not null)
        {
            return new BankAddResult(existing, Added: false, Link: null);
        }

        var link = (await SingleAsync(
            "INSERT INTO bank_links (bank_case_id, case_id, provenance_json, source, reference, actor, created_at) " +
            $"VALUES (@id, @CaseId, @ProvenanceJson, @source, @reference, @Actor, @now) RETURNING {BankSql.LinkColumns}",
            new { id = existing.Id, duplicate.CaseId, duplicate.ProvenanceJson, source, reference, duplicate.Actor, now = store.Now() },
            BankSql.Link, cancellationToken).ConfigureAwait(false))!;
        await ExecAsync("UPDATE bank_cases SET link_count = link_count + 1 WHERE id = @id", new { id = existing.Id }, cancellationToken).ConfigureAwait(false);
        return new BankAddResult(existing with { Links = existing.Links + 1 }, Added: false, link);
    }

    private Task<int> InsertBankEventAsync(
        long bankCaseId, string state, string actor, string reason, DateTimeOffset at, string? owner, DateTimeOffset? until, CancellationToken cancellationToken) =>
        ExecAsync(
            "INSERT INTO bank_events (bank_case_id, state, actor, reason, at, quarantine_owner, quarantine_until) " +
            "VALUES (@bankCaseId, @state, @actor, @reason, @at, @owner, @until)",
            new { bankCaseId, state, actor, reason, at, owner, until }, cancellationToken);
}
