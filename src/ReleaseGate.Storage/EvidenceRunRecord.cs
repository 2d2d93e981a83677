namespace ReleaseGate.Storage;

/// <summary>An evaluation run as stored.</summary>
/// <param name="Id">The store's id of the run.</param>
/// <param name="ReleaseId">The release the evidence is for.</param>
/// <param name="Digest">The digest of the run's content.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="UploadedBy">Who uploaded it.</param>
/// <param name="LineCount">How many result lines it holds.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record EvidenceRunRecord(
    long Id,
    long ReleaseId,
    string Digest,
    string Source,
    string UploadedBy,
    long LineCount,
    DateTimeOffset CreatedAt);
