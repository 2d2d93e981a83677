using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>A release's decision as the server derives it.</summary>
/// <param name="Decision">The decision, with approval checks resolved and the gate's bundle digest.</param>
/// <param name="Verdict">The server verdict.</param>
/// <param name="EvidenceDigest">The digest of the evidence the decision rests on; approvals bind to it.</param>
/// <param name="BaselineDigest">The baseline release's digest, if any.</param>
/// <param name="StageDigests">The digest of each approval stage's definition in the gate applied (<see cref="StageDigest"/>), by stage; votes bind to them.</param>
/// <param name="RecordedApprovals">The ids of the release's approval rows that the ledger recorded as they are stored; only these are votes.</param>
public sealed record DecisionOutcome(
    GateDecision Decision, ServerVerdict Verdict, string EvidenceDigest, string? BaselineDigest, IReadOnlyDictionary<string, string> StageDigests,
    IReadOnlySet<long> RecordedApprovals);
