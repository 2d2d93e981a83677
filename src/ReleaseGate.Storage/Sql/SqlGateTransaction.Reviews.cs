using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// The writes of review items, leases and verdicts. Every writer of an item's leases or verdicts holds the item's row lock
/// (<see cref="LockReviewItemAsync"/>) first, so that the count of an item's verdicts and live leases cannot change under a writer
/// that holds it.
/// </summary>
internal sealed partial class SqlGateTransaction
{
    /// <summary>How many waiting items the queue looks at in one go.</summary>
    private const int QueueWindow = 64;

    public Task<int> AddReviewItemsAsync(long releaseId, string evidenceDigest, IReadOnlyList<NewReviewItem> items, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(evidenceDigest);
            ArgumentNullException.ThrowIfNull(items);
            foreach (var item in items)
            {
                ArgumentNullException.ThrowIfNull(item, nameof(items));
                ArgumentOutOfRangeException.ThrowIfLessThan(item.Needed, 1, nameof(items));
            }

            await RequireReleaseAsync(releaseId, cancellationToken).ConfigureAwait(false);
            var now = store.Now();
            var state = ReviewItemStates.Word(ReviewItemStatus.Open);
            var added = 0;
            foreach (var item in items)
            {
                added += await ExecAsync(
                    "INSERT INTO review_items (release_id, review, suite, case_id, reason, group_name, adjudicator_group, needed, evidence_digest, state, created_at, updated_at) " +
                    "VALUES (@releaseId, @Review, @Suite, @Case, @Reason, @Group, @AdjudicatorGroup, @Needed, @evidenceDigest, @state, @now, @now) " +
                    "ON CONFLICT (release_id, evidence_digest, review, suite, case_id, group_name, adjudicator_group, needed) DO NOTHING",
                    new { releaseId, item.Review, item.Suite, item.Case, item.Reason, item.Group, item.AdjudicatorGroup, item.Needed, evidenceDigest, state, now },
                    cancellationToken).ConfigureAwait(false);
            }

            return added;
        });

    public Task<int> VoidReviewItemsAsync(long releaseId, string keepEvidenceDigest, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(keepEvidenceDigest);

        // The items first: the update takes their row locks, so no queue call can lease one of them after the leases are dropped.
        var voided = await ExecAsync(
            "UPDATE review_items SET state = @voidState, updated_at = @now WHERE release_id = @releaseId AND evidence_digest <> @keepEvidenceDigest AND state <> @voidState",
            new { voidState = ReviewItemStates.Word(ReviewItemStatus.Void), now = store.Now(), releaseId, keepEvidenceDigest }, cancellationToken).ConfigureAwait(false);
        if (voided > 0)
        {
            await ExecAsync(
                "DELETE FROM review_leases WHERE item_id IN (SELECT id FROM review_items WHERE release_id = @releaseId AND state = @voidState)",
                new { releaseId, voidState = ReviewItemStates.Word(ReviewItemStatus.Void) }, cancellationToken).ConfigureAwait(false);
        }

        return voided;
    });

    public Task<ReviewItemRecord?> LockReviewItemAsync(long id, CancellationToken cancellationToken = default) => RunAsync(() =>
        SingleAsync($"SELECT {Rows.ReviewItemColumns} FROM {Rows.ReviewItemFrom} WHERE i.id = @id{store.ForUpdateOf("i", skipLocked: false)}",
            new { id }, Rows.ReviewItem, cancellationToken));

    public Task SetReviewItemStateAsync(long id, ReviewItemStatus state, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        var item = await LockReviewItemAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new RecordNotFoundException(StorageMessages.ReviewItemMissing(id));
        if (item.State == state)
        {
            return true;
        }

        await ExecAsync("UPDATE review_items SET state = @word, updated_at = @now WHERE id = @id",
            new { word = ReviewItemStates.Word(state), now = store.Now(), id }, cancellationToken).ConfigureAwait(false);

        // A lease reserves an item in the state it was taken in; in another state the item is handed out afresh.
        await ExecAsync("DELETE FROM review_leases WHERE item_id = @id", new { id }, cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task<ReviewLease?> NextReviewItemAsync(
        string reviewer, IReadOnlyCollection<string> groups, TimeSpan lease, string? workflow, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var names = groups.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var now = store.Now();
        var expires = LedgerHash.TruncateToMicroseconds(now + lease);
        var groupList = string.Join(", ", names.Select((_, i) => "@g" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // The item the reviewer already holds comes back, its lease extended: one reviewer works on one item at a time.
        var heldId = await IdWithGroupsAsync(
            $"SELECT i.id FROM {Rows.ReviewItemFrom} JOIN review_leases hl ON hl.item_id = i.id WHERE hl.reviewer = @reviewer AND hl.expires_at > @now " +
            $"AND {ReviewSql.ItemWaiting} AND {ReviewSql.ReleaseStillOpen} AND (@workflow IS NULL OR r.workflow = @workflow) " +
            $"AND {ReviewSql.InQueues(groupList)} ORDER BY i.id LIMIT 1",
            new { reviewer, now, workflow }, names, cancellationToken).ConfigureAwait(false);
        if (heldId is { } held && await LockReviewItemAsync(held, cancellationToken).ConfigureAwait(false) is { } heldItem
            && heldItem.State is ReviewItemStatus.Open or ReviewItemStatus.Adjudication
            && await ExecAsync("UPDATE review_leases SET expires_at = @expires WHERE item_id = @held AND reviewer = @reviewer AND expires_at > @now",
                new { expires, held, reviewer, now }, cancellationToken).ConfigureAwait(false) == 1)
        {
            return new ReviewLease(heldItem, reviewer, expires, heldItem.State == ReviewItemStatus.Adjudication);
        }

        var candidates = ReviewSql.Candidate(groupList);
        var eligible = ReviewSql.Eligible(groupList);
        long after = 0;
        while (true)
        {
            // A window of the next waiting items of the groups in age order, found without counting anything: the counts below
            // then run for a few items, not for every waiting one.
            var window = await QueryWithGroupsAsync(
                $"SELECT COUNT(*), MAX(w.id) FROM (SELECT i.id FROM {Rows.ReviewItemFrom} WHERE i.id > @after AND {candidates} ORDER BY i.id LIMIT @QueueWindow) w",
                new { after, reviewer, workflow, QueueWindow }, names, r => new[] { r.GetInt64(0), r.IsDBNull(1) ? 0 : r.GetInt64(1) }, cancellationToken).ConfigureAwait(false);
            if (window is not [> 0 and var count, var last])
            {
                return null;
            }

            // The oldest eligible item of the window; on PostgreSQL rows other reviewers are taking right now are skipped, not waited for.
            var candidate = await IdWithGroupsAsync(
                $"SELECT i.id FROM {Rows.ReviewItemFrom} WHERE i.id > @after AND i.id <= @last AND {ReviewSql.ItemWaiting} AND {eligible} " +
                $"ORDER BY i.id LIMIT 1{store.ForUpdateOf("i", skipLocked: true)}",
                new { after, last, reviewer, workflow, now, no = false }, names, cancellationToken).ConfigureAwait(false);
            if (candidate is not { } id)
            {
                if (count < QueueWindow)
                {
                    return null;
                }

                after = last;
                continue;
            }

            // Counted again in a statement of its own, now that the row lock is held: the first statement's snapshot was taken
            // before the lock and can miss a lease or verdict that another transaction committed while holding it.
            var item = await ItemWithGroupsAsync(
                $"SELECT {Rows.ReviewItemColumns} FROM {Rows.ReviewItemFrom} WHERE i.id = @id AND {eligible}",
                new { id, reviewer, workflow, now, no = false }, names, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                after = id;
                continue;
            }

            await ExecAsync(
                "INSERT INTO review_leases (item_id, reviewer, expires_at, created_at) VALUES (@id, @reviewer, @expires, @now) " +
                "ON CONFLICT (item_id, reviewer) DO UPDATE SET expires_at = excluded.expires_at, created_at = excluded.created_at",
                new { id, reviewer, expires, now }, cancellationToken).ConfigureAwait(false);
            return new ReviewLease(item, reviewer, expires, item.State == ReviewItemStatus.Adjudication);
        }
    });

    public Task<bool> ReleaseReviewLeaseAsync(long itemId, string reviewer, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        if (await LockReviewItemAsync(itemId, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        var now = store.Now();
        var live = await ExecAsync("DELETE FROM review_leases WHERE item_id = @itemId AND reviewer = @reviewer AND expires_at > @now",
            new { itemId, reviewer, now }, cancellationToken).ConfigureAwait(false);
        await ExecAsync("DELETE FROM review_leases WHERE item_id = @itemId AND reviewer = @reviewer", new { itemId, reviewer }, cancellationToken).ConfigureAwait(false);
        return live > 0;
    });

    public Task<ReviewVerdictRecord> AddReviewVerdictAsync(NewReviewVerdict verdict, CancellationToken cancellationToken = default) => RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var item = await LockReviewItemAsync(verdict.ItemId, cancellationToken).ConfigureAwait(false)
            ?? throw new RecordNotFoundException(StorageMessages.ReviewItemMissing(verdict.ItemId));
        var reviewer = verdict.Reviewer;
        var adjudication = verdict.Adjudication;
        var itemId = item.Id;
        if (await SingleAsync("SELECT id FROM review_verdicts WHERE item_id = @itemId AND reviewer = @reviewer AND adjudication = @adjudication",
                new { itemId, reviewer, adjudication }, r => (object)r.GetInt64(0), cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateRecordException(StorageMessages.ReviewVerdictTaken(itemId, reviewer, adjudication));
        }

        var expected = adjudication ? ReviewItemStatus.Adjudication : ReviewItemStatus.Open;
        if (item.State != expected)
        {
            throw new ReviewPlaceTakenException(StorageMessages.ReviewItemNotTaking(itemId, ReviewItemStates.Word(item.State), adjudication));
        }

        // Never past k: the verdicts already given and the live leases of others each hold one of the item's places.
        var now = store.Now();
        var places = adjudication ? 1 : item.Needed;
        var taken = await SingleAsync(
            "SELECT (SELECT COUNT(*) FROM review_verdicts v WHERE v.item_id = @itemId AND v.adjudication = @adjudication) " +
            "+ (SELECT COUNT(*) FROM review_leases l WHERE l.item_id = @itemId AND l.reviewer <> @reviewer AND l.expires_at > @now)",
            new { itemId, adjudication, reviewer, now }, r => (object)r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        if ((long)taken! >= places)
        {
            throw new ReviewPlaceTakenException(StorageMessages.ReviewItemFull(itemId, places, adjudication));
        }

        var stored = (await SingleAsync(
            "INSERT INTO review_verdicts (item_id, release_id, reviewer, pass, severity, comment, add_to_bank, adjudication, evidence_digest, created_at) " +
            "VALUES (@itemId, @releaseId, @reviewer, @Pass, @Severity, @Comment, @AddToBank, @adjudication, @evidenceDigest, @now) " +
            $"RETURNING {Rows.ReviewVerdictColumns}",
            new
            {
                itemId, releaseId = item.ReleaseId, reviewer, verdict.Pass, verdict.Severity, verdict.Comment, verdict.AddToBank, adjudication,
                evidenceDigest = item.EvidenceDigest, now,
            },
            Rows.ReviewVerdict, cancellationToken).ConfigureAwait(false))!;
        await ExecAsync("DELETE FROM review_leases WHERE item_id = @itemId AND reviewer = @reviewer", new { itemId, reviewer }, cancellationToken).ConfigureAwait(false);
        return stored;
    });

    private async Task<long?> IdWithGroupsAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(
        string sql, TParameters parameters, IReadOnlyList<string> groups, CancellationToken cancellationToken)
        where TParameters : notnull =>
        (await QueryWithGroupsAsync(sql, parameters, groups, r => (object)r.GetInt64(0), cancellationToken).ConfigureAwait(false)) is long id ? id : null;

    private Task<ReviewItemRecord?> ItemWithGroupsAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(
        string sql, TParameters parameters, IReadOnlyList<string> groups, CancellationToken cancellationToken)
        where TParameters : notnull =>
        QueryWithGroupsAsync(sql, parameters, groups, Rows.ReviewItem, cancellationToken);

    /// <summary>The first row of <paramref name="sql"/>, which names the groups as <c>@g0</c>, <c>@g1</c>, … (the bag cannot hold a list).</summary>
    private async Task<T?> QueryWithGroupsAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters, T>(
        string sql, TParameters parameters, IReadOnlyList<string> groups, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where TParameters : notnull
        where T : class
    {
        var command = SqlCommands.Create(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            for (var i = 0; i < groups.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "g" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.DbType = DbType.String;
                parameter.Value = groups[i];
                command.Parameters.Add(parameter);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
            }
        }
    }
}
