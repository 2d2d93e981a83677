using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>A release's decision as the server derives it: the engine's decision and what it rests on.</summary>
/// <param name="Decision">The engine's decision, with the gate's bundle digest and any notes on records that do not count.</param>
/// <param name="Basis">What it was decided on.</param>
public sealed record DecisionOutcome(GateDecision Decision, DecisionBasis Basis)
{
    /// <summary>The verdict.</summary>
    public Verdict Verdict => Decision.Verdict;

    /// <summary>The digest of the evidence the decision rests on; approvals bind to it.</summary>
    public string EvidenceDigest => Basis.Input.EvidenceDigest!;

    /// <summary>The baseline release's digest, if any.</summary>
    public string? BaselineDigest => Basis.BaselineDigest;

    /// <summary>The digest of each approval stage's definition in the gate applied (<see cref="StageDigest"/>), by stage; votes bind to them.</summary>
    public IReadOnlyDictionary<string, string> StageDigests => Basis.StageDigests;

    /// <summary>
    /// This decision for the release once shipped: the same decision with the verdict <see cref="Verdict.Shipped"/>, which is what the
    /// engine gives for the same input with <see cref="DecisionInput.Shipped"/> set (the record says so: its inputs say shipped).
    /// </summary>
    public DecisionOutcome Ship() =>
        new(Decision with { Verdict = Verdict.Shipped }, Basis with { Input = Basis.Input with { Shipped = true }, Inputs = Basis.Inputs with { Shipped = true } });

    /// <summary>The decision JSON the API serves and the store keeps: the decision JSON of DESIGN §4 with the release's id, the evidence digest and the inputs.</summary>
    public string ToJson(long releaseId)
    {
        var node = JsonNode.Parse(DecisionJson.Serialize(Decision, indented: false))!.AsObject();
        node["release_id"] = releaseId;
        node["evidence_digest"] = EvidenceDigest;
        node["inputs"] = Basis.Inputs.ToJson();
        return node.ToJsonString(Indented);
    }

    /// <summary>The decision JSON without its time and inputs, to tell whether two decisions differ in what they decide.</summary>
    public static string Substance(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("evaluated_at");
        node.Remove("inputs");
        return node.ToJsonString();
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
}
