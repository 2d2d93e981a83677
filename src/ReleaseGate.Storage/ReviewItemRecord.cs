namespace ReleaseGate.Storage;

/// <summary>A stored review item: one case of one release's evidence, sampled for human review.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="ReleaseId">The release.</param>
/// <param name="Workflow">The release's workflow (read from the release).</param>
/// <param name="Review">The id of the gate's review that sampled it.</param>
/// <param name="Suite">The case's suite.</param>
/// <param name="Case">The case's id.</param>
/// <param name="Reason">Why it was sampled.</param>
/// <param name="Group">The reviewers' group.</param>
/// <param name="AdjudicatorGroup">The group that settles a disagreement.</param>
/// <param name="Needed">How many reviewers it needs (k).</param>
/// <param name="EvidenceDigest">The evidence digest it was sampled from; verdicts on it bind to this digest.</param>
/// <param name="State">Where it stands.</param>
/// <param name="CreatedAt">When it was sampled.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
public sealed record ReviewItemRecord(
    long Id,
    long ReleaseId,
    string Workflow,
    string Review,
    string Suite,
    string Case,
    string Reason,
    string Group,
    string AdjudicatorGroup,
    int Needed,
    string EvidenceDigest,
    ReviewItemStatus State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
