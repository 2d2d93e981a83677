using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Compliance;

/// <summary>
/// Builds the document compliance rules see, with the conventions of <see cref="PolicyInput"/> (dictionaries, lists and
/// primitives; whole numbers as <see cref="long"/>; timestamps as <see cref="DateTimeOffset"/>): <c>release</c> (as for
/// policies), <c>gate</c> {workflow, risk}, <c>shipped_at</c>, <c>waivers</c>, <c>bank</c> {active, added_since_ship} and
/// <c>decision</c> {checks}.
/// </summary>
public static class ComplianceInput
{
    /// <summary>Builds the compliance document of one shipped release.</summary>
    /// <param name="release">The shipped release.</param>
    /// <param name="gate">The gate of its workflow.</param>
    /// <param name="shippedAt">When it shipped.</param>
    /// <param name="waivers">Waivers to consider; those for this release (by version or digest) become <c>waivers</c>.</param>
    /// <param name="bank">The workflow's regression bank; zeros when null.</param>
    /// <param name="checks">The shipped decision's check statuses (check id to status word); an empty map when null.</param>
    /// <param name="now">When given, waivers that expired at or before it are left out; when null, the caller passes only unexpired waivers.</param>
    /// <returns>The document.</returns>
    public static IReadOnlyDictionary<string, object?> Build(
        ReleaseEvidence release,
        Gate gate,
        DateTimeOffset shippedAt,
        IReadOnlyList<Waiver> waivers,
        ComplianceBank? bank,
        IReadOnlyDictionary<string, string>? checks,
        DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(waivers);
        return new Dictionary<string, object?>
        {
            ["release"] = PolicyInput.Release(release),
            ["gate"] = new Dictionary<string, object?> { ["workflow"] = gate.Workflow, ["risk"] = gate.Risk.Word() },
            ["shipped_at"] = shippedAt,
            ["waivers"] = waivers
                .Where(w => AppliesTo(w, release) && (now is null || now < w.Expires))
                .Select(w => (object?)new Dictionary<string, object?>
                {
                    ["check"] = w.Check,
                    ["reason"] = w.Reason,
                    ["granted_by"] = w.GrantedBy,
                    ["expires_at"] = w.Expires,
                })
                .ToList(),
            ["bank"] = new Dictionary<string, object?> { ["active"] = bank?.Active ?? 0L, ["added_since_ship"] = bank?.AddedSinceShip ?? 0L },
            ["decision"] = new Dictionary<string, object?>
            {
                ["checks"] = (checks ?? new Dictionary<string, string>()).ToDictionary(c => c.Key, c => (object?)c.Value, StringComparer.Ordinal),
            },
        };
    }

    /// <summary>Whether a waiver names the release: by digest when it is digest-shaped, by version otherwise (as decisions match them).</summary>
    private static bool AppliesTo(Waiver waiver, ReleaseEvidence release) =>
        waiver.Release.StartsWith("sha256:", StringComparison.Ordinal)
            ? waiver.Release == release.Digest
            : waiver.Release == release.Manifest.Version;
}
