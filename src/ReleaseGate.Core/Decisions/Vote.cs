namespace ReleaseGate.Core.Decisions;

/// <summary>One person's approval or rejection of one approval stage, bound to what they saw when they gave it.</summary>
/// <param name="Stage">The approval stage.</param>
/// <param name="User">Who voted.</param>
/// <param name="Approve">True for an approval, false for a rejection.</param>
/// <param name="ReleaseDigest">The release digest the vote was given on.</param>
/// <param name="EvidenceDigest">The evidence digest the vote was given on (<see cref="DecisionInput.EvidenceDigest"/>).</param>
/// <param name="StageDigest">The digest of the stage's definition the vote was given on (<see cref="Decisions.StageDigest"/>).</param>
public sealed record Vote(string Stage, string User, bool Approve, string ReleaseDigest, string EvidenceDigest, string StageDigest);
