namespace ReleaseGate.Storage;

/// <summary>An evaluation run to store with its result lines.</summary>
/// <param name="ReleaseId">The release the evidence is for.</param>
/// <param name="Digest">The digest of the run's content (e.g. of the results JSONL bytes), computed by the caller before the lines are
/// streamed. Storing a run whose digest the release already has is a no-op that returns the stored run (idempotent re-upload).</param>
/// <param name="Source">Where it came from, for people (a file name, a CI job URL).</param>
/// <param name="UploadedBy">Who uploaded it.</param>
public sealed record NewEvidenceRun(long ReleaseId, string Digest, string Source, string UploadedBy);
