using ReleaseGate.Core.Decisions;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>Everything a release's decision is derived from, gathered from the store once per request.</summary>
/// <param name="Input">The engine's input.</param>
/// <param name="Inputs">The records <paramref name="Input"/> was built from, by id.</param>
/// <param name="GateDigest">The digest the gate applied is stored under.</param>
/// <param name="BaselineDigest">The baseline release's digest, if any.</param>
/// <param name="StageDigests">The digest of each approval stage's definition in the gate, by stage; votes bind to them.</param>
/// <param name="Notes">Notes on stored records that do not count (not in the ledger as stored), added to the decision.</param>
public sealed record DecisionBasis(
    DecisionInput Input, DecisionInputs Inputs, string GateDigest, string? BaselineDigest, IReadOnlyDictionary<string, string> StageDigests,
    IReadOnlyList<string> Notes)
{
    /// <summary>The stored review items decided on (sampled on this evidence), in id order.</summary>
    public IReadOnlyList<ReviewItemRecord> ReviewItems { get; init; } = [];

    /// <summary>The gate and evidence digests the release's review items were last sampled on (its latest <c>review.sampled</c> entry).</summary>
    public (string Gate, string Evidence)? Sampled { get; init; }

    /// <summary>This basis with one more vote, recorded in the ledger as approval <paramref name="approvalId"/>.</summary>
    public DecisionBasis With(Vote vote, long approvalId) => this with
    {
        Input = Input with { Votes = [.. Input.Votes ?? [], vote] },
        Inputs = Inputs with { Approvals = [.. Inputs.Approvals, approvalId] },
    };
}
