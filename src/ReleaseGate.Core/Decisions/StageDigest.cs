using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>
/// The digest of an approval stage's definition — its name, group, count, condition and escalation (including how often it repeats) — that a vote binds to.
/// Re-registering a gate that changes any of these voids the stage's votes; a gate change that leaves the stage as it was keeps them.
/// </summary>
public static class StageDigest
{
    /// <summary>SHA-256 over the RFC 8785 canonical JSON of the stage's definition (its source location is not part of it).</summary>
    public static string Of(ApprovalStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var definition = new JsonObject
        {
            ["stage"] = stage.Stage,
            ["group"] = stage.Group,
            ["count"] = stage.Count,
            ["when"] = stage.When,
            ["escalate"] = stage.Escalate is { } e ? Escalation(e) : null,
        };
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(definition))));
    }

    /// <summary>
    /// An escalation's definition. <c>every</c> is written only when set, so that a stage written before it existed keeps its
    /// digest (and its votes), while adding, changing or removing it makes another stage definition.
    /// </summary>
    private static JsonObject Escalation(Escalation e)
    {
        var definition = new JsonObject { ["after_seconds"] = (long)e.After.TotalSeconds, ["to"] = e.To };
        if (e.Every is { } every)
        {
            definition["every_seconds"] = (long)every.TotalSeconds;
        }

        return definition;
    }

    /// <summary>The digest of every stage of <paramref name="gate"/>, by stage name.</summary>
    public static IReadOnlyDictionary<string, string> OfGate(Gate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.Approvals.ToDictionary(a => a.Stage, Of, StringComparer.Ordinal);
    }
}
