namespace ReleaseGate.Storage;

/// <summary>A stored review verdict. Verdicts are kept: the database refuses to change or delete them.</summary>
/// <param name="Id">The store's id.</param>
/// <param name="ItemId">The review item.</param>
/// <param name="ReleaseId">The item's release.</param>
/// <param name="Reviewer">Who gave it.</param>
/// <param name="Pass">Whether the output is acceptable.</param>
/// <param name="Severity">The severity assigned, or null.</param>
/// <param name="Comment">The comment.</param>
/// <param name="AddToBank">Whether the reviewer asked for the case to join the regression bank.</param>
/// <param name="Adjudication">True for an adjudicator's deciding verdict.</param>
/// <param name="EvidenceDigest">The evidence digest of the item it was given on.</param>
/// <param name="CreatedAt">When it was given.</param>
public sealed record ReviewVerdictRecord(
    long Id,
    long ItemId,
    long ReleaseId,
    string Reviewer,
    bool Pass,
    string? Severity,
    string Comment,
    bool AddToBank,
    bool Adjudication,
    string EvidenceDigest,
    DateTimeOffset CreatedAt);
