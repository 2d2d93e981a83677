namespace ReleaseGate.Storage.Sql;

/// <summary>The SQL fragments the review queue's reads and writes share.</summary>
internal static class ReviewSql
{
    /// <summary>Releases whose items still wait for reviewers (the release is neither rejected, shipped nor rolled back).</summary>
    public const string ReleaseStillOpen = "r.state IN ('pending', 'blocked', 'approved')";

    /// <summary>Items that wait for a verdict.</summary>
    public const string ItemWaiting = "i.state IN ('open', 'adjudication')";

    /// <summary>The group whose queue an item waits in: its group while open, its adjudicator group in adjudication.</summary>
    public const string QueueGroup = "CASE WHEN i.state = 'open' THEN i.group_name ELSE i.adjudicator_group END";

    /// <summary>
    /// The cheap part of <see cref="Eligible"/>, with no per-item count: what the queue's windows are cut from. Every eligible item
    /// passes it.
    /// </summary>
    public static string Candidate(string groupList) =>
        $"{ItemWaiting} AND {ReleaseStillOpen} AND (@workflow IS NULL OR r.workflow = @workflow) AND r.submitter <> @reviewer AND {InQueues(groupList)}";

    /// <summary>
    /// Whether waiting item <c>i</c> is in the queue of one of <paramref name="groupList"/> (an SQL list of group parameters): of its group
    /// while open, of its adjudicator group in adjudication, or of a group it was escalated to (<see cref="EscalatedTo"/>) in either state.
    /// </summary>
    public static string InQueues(string groupList) =>
        $"((i.state = 'open' AND i.group_name IN ({groupList})) OR (i.state = 'adjudication' AND i.adjudicator_group IN ({groupList})) OR {EscalatedTo(groupList)})";

    /// <summary>
    /// Whether item <c>i</c> was escalated to one of <paramref name="groupList"/> (an SQL list of group parameters, or one parameter): an
    /// escalation of kind <c>review_item</c> whose target is the item's id, looked up by the escalations' unique index.
    /// </summary>
    public static string EscalatedTo(string groupList) =>
        "EXISTS (SELECT 1 FROM escalations e WHERE e.release_id = i.release_id AND e.kind = 'review_item' AND e.target = CAST(i.id AS TEXT) " +
        $"AND e.to_group IN ({groupList}))";

    /// <summary>
    /// Whether item <c>i</c> of release <c>r</c> may be reserved for <c>@reviewer</c> at <c>@now</c>, given <paramref name="groupList"/>
    /// (an SQL list of the reviewer's group parameters): open, of one of the groups (or escalated to one), not of the reviewer's release, without a verdict
    /// of the reviewer, and below its k counting verdicts and others' live leases; or in adjudication, of one of the adjudicator groups (or escalated to one),
    /// not of the reviewer's release, without a verdict of the reviewer, and held by nobody else.
    /// </summary>
    public static string Eligible(string groupList) =>
        $"{ReleaseStillOpen} AND (@workflow IS NULL OR r.workflow = @workflow) AND r.submitter <> @reviewer " +
        "AND NOT EXISTS (SELECT 1 FROM review_verdicts v WHERE v.item_id = i.id AND v.reviewer = @reviewer) AND (" +
        $"(i.state = 'open' AND (i.group_name IN ({groupList}) OR {EscalatedTo(groupList)}) " +
        "AND (SELECT COUNT(*) FROM review_verdicts v WHERE v.item_id = i.id AND v.adjudication = @no) " +
        "+ (SELECT COUNT(*) FROM review_leases l WHERE l.item_id = i.id AND l.reviewer <> @reviewer AND l.expires_at > @now) < i.needed) " +
        $"OR (i.state = 'adjudication' AND (i.adjudicator_group IN ({groupList}) OR {EscalatedTo(groupList)}) " +
        "AND NOT EXISTS (SELECT 1 FROM review_leases l WHERE l.item_id = i.id AND l.reviewer <> @reviewer AND l.expires_at > @now)))";
}
