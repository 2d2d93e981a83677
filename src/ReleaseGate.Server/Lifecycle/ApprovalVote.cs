namespace ReleaseGate.Server.Lifecycle;

/// <summary>One person's approval or rejection of one stage, bound to what they saw.</summary>
/// <param name="Stage">The approval stage.</param>
/// <param name="User">Who voted.</param>
/// <param name="Approve">True for an approval, false for a rejection.</param>
/// <param name="ReleaseDigest">The release digest the vote was given on.</param>
/// <param name="EvidenceDigest">The evidence digest the vote was given on.</param>
/// <param name="StageDigest">The digest of the stage's definition the vote was given on (<see cref="Lifecycle.StageDigest"/>).</param>
/// <param name="Comment">The voter's comment.</param>
/// <param name="At">When the vote was cast.</param>
public sealed record ApprovalVote(string Stage, string User, bool Approve, string ReleaseDigest, string EvidenceDigest, string StageDigest, string Comment, DateTimeOffset At);
