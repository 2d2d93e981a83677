using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// The decision JSON the API serves: the decision JSON of DESIGN §4 (as <c>check --format json</c> writes it) with the
/// server's verdict (<c>blocked</c>, <c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>shipped</c>), the release's id and the
/// evidence digest approvals bind to.
/// </summary>
public static class ServerDecisionJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Serializes an outcome for <paramref name="release"/>.</summary>
    public static string Serialize(DecisionOutcome outcome, ReleaseRecord release)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(release);
        var node = JsonNode.Parse(DecisionJson.Serialize(outcome.Decision, indented: false))!.AsObject();
        node["verdict"] = outcome.Verdict.Word();
        node["release_id"] = release.Id;
        node["evidence_digest"] = outcome.EvidenceDigest;
        return node.ToJsonString(Indented);
    }

    /// <summary>The decision without its time, to tell whether two decisions differ in anything but when they were made.</summary>
    public static string Substance(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("evaluated_at");
        return node.ToJsonString();
    }
}
