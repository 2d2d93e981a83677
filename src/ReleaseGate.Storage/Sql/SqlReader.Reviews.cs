namespace ReleaseGate.Storage.Sql;

/// <summary>The reads of review items, verdicts and queues.</summary>
internal abstract partial class SqlReader
{
    public Task<IReadOnlyList<ReviewItemRecord>> ListReviewItemsAsync(long releaseId, bool includeVoid = false, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.ReviewItemColumns} FROM {Rows.ReviewItemFrom} WHERE i.release_id = @releaseId AND (@includeVoid OR i.state <> 'void') ORDER BY i.id",
            new { releaseId, includeVoid }, Rows.ReviewItem, cancellationToken);

    public Task<IReadOnlyList<ReviewItemRecord>> ListOpenReviewItemsAsync(string? group, string? workflow, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ListAsync(
            $"SELECT {Rows.ReviewItemColumns} FROM {Rows.ReviewItemFrom} WHERE {ReviewSql.ItemWaiting} AND {ReviewSql.ReleaseStillOpen} " +
            "AND (@workflow IS NULL OR r.workflow = @workflow) " +
            "AND (@queue IS NULL OR (i.state = 'open' AND i.group_name = @queue) OR (i.state = 'adjudication' AND i.adjudicator_group = @queue) " +
            $"OR {ReviewSql.EscalatedTo("@queue")}) " +
            "ORDER BY i.id LIMIT @limit",
            new { workflow, queue = group, limit }, Rows.ReviewItem, cancellationToken);
    }

    public Task<ReviewItemRecord?> GetReviewItemAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {Rows.ReviewItemColumns} FROM {Rows.ReviewItemFrom} WHERE i.id = @id", new { id }, Rows.ReviewItem, cancellationToken);

    public Task<IReadOnlyList<ReviewVerdictRecord>> ListReviewVerdictsAsync(long releaseId, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.ReviewVerdictColumns} FROM review_verdicts WHERE release_id = @releaseId ORDER BY id",
            new { releaseId }, Rows.ReviewVerdict, cancellationToken);

    public Task<IReadOnlyList<ReviewVerdictRecord>> ListReviewVerdictsOfItemAsync(long itemId, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {Rows.ReviewVerdictColumns} FROM review_verdicts WHERE item_id = @itemId ORDER BY id",
            new { itemId }, Rows.ReviewVerdict, cancellationToken);

    public async Task<IReadOnlyList<ReviewQueueStats>> ReviewQueueStatsAsync(CancellationToken cancellationToken = default)
    {
        var stats = await ListAsync(
            $"SELECT q.queue, COUNT(*), MIN(q.created_at) FROM (SELECT {ReviewSql.QueueGroup} AS queue, i.created_at FROM {Rows.ReviewItemFrom} " +
            $"WHERE {ReviewSql.ItemWaiting} AND {ReviewSql.ReleaseStillOpen}) q GROUP BY q.queue",
            r => new ReviewQueueStats(r.GetString(0), checked((int)r.GetInt64(1)), Rows.Time(r, 2)), cancellationToken).ConfigureAwait(false);

        // Ordered here, not by the database, whose collation of text differs between SQLite and PostgreSQL.
        return [.. stats.OrderBy(s => s.Group, StringComparer.Ordinal)];
    }
}
