using System.Globalization;
using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// The stored records a decision rests on, by id, and the exact time it was made for, as the decision JSON records them under
/// <c>inputs</c>: with the gate digest and the release of the same decision, they are enough to derive it again from the store
/// (<see cref="ReleaseLifecycle.RederiveAsync"/>).
/// </summary>
/// <param name="EvidenceRuns">The release's evidence runs, in upload order.</param>
/// <param name="BaselineRelease">The workflow's baseline release, when there was one.</param>
/// <param name="Approvals">The approval rows the ledger vouched for: the votes.</param>
/// <param name="Waivers">The workflow's waivers the ledger granted and had not revoked.</param>
/// <param name="IgnoredApprovals">Approval rows the ledger does not vouch for (written or changed outside ReleaseGate).</param>
/// <param name="IgnoredWaivers">Waiver rows the ledger does not vouch for.</param>
/// <param name="Shipped">Whether the release was shipped.</param>
/// <param name="At">The time the decision was made for, to the tick (<c>evaluated_at</c> shows it to the second).</param>
/// <remarks>
/// <see cref="ReviewItems"/> is null in decisions recorded before the server collected reviews: their reviews were pending
/// whatever anyone did, which is what the engine gives for reviews without items.
/// </remarks>
public sealed record DecisionInputs(
    IReadOnlyList<long> EvidenceRuns,
    long? BaselineRelease,
    IReadOnlyList<long> Approvals,
    IReadOnlyList<long> Waivers,
    IReadOnlyList<long> IgnoredApprovals,
    IReadOnlyList<long> IgnoredWaivers,
    bool Shipped,
    DateTimeOffset At)
{
    /// <summary>The review items sampled on the evidence decided on (null: the decision predates the review queue).</summary>
    public IReadOnlyList<long>? ReviewItems { get; init; }

    /// <summary>The review verdicts on those items the ledger vouched for.</summary>
    public IReadOnlyList<long> ReviewVerdicts { get; init; } = [];

    /// <summary>Review verdict rows on those items the ledger does not vouch for (written or changed outside ReleaseGate).</summary>
    public IReadOnlyList<long> IgnoredReviewVerdicts { get; init; } = [];

    /// <summary>
    /// Whether the stored review items were not the sample the ledger recorded for the evidence (rows added, voided or changed
    /// outside ReleaseGate): then no item or verdict counts and the reviews stay pending.
    /// </summary>
    public bool ReviewSampleMismatch { get; init; }

    /// <summary>
    /// The workflow's unresolved compliance findings when the gate lets findings block new releases, in id order; null when it
    /// does not (the decision then has no <c>compliance/findings</c> check).
    /// </summary>
    public IReadOnlyList<long>? Findings { get; init; }

    /// <summary>The escalations of the release's approval stages, in the order they were recorded.</summary>
    public IReadOnlyList<long> Escalations { get; init; } = [];

    /// <summary>The <c>inputs</c> object of the decision JSON.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["evidence_runs"] = Ids(EvidenceRuns),
            ["baseline_release"] = BaselineRelease,
            ["approvals"] = Ids(Approvals),
            ["waivers"] = Ids(Waivers),
            ["ignored_approvals"] = Ids(IgnoredApprovals),
            ["ignored_waivers"] = Ids(IgnoredWaivers),
            ["shipped"] = Shipped,
            ["at"] = At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        if (ReviewItems is not null)
        {
            json["review_items"] = Ids(ReviewItems);
            json["review_verdicts"] = Ids(ReviewVerdicts);
            json["ignored_review_verdicts"] = Ids(IgnoredReviewVerdicts);
        }

        if (ReviewSampleMismatch)
        {
            json["review_sample_mismatch"] = true;
        }

        // Written only when present, so that decisions recorded before these inputs existed read back the same.
        if (Findings is not null)
        {
            json["findings"] = Ids(Findings);
        }

        if (Escalations.Count > 0)
        {
            json["escalations"] = Ids(Escalations);
        }

        return json;
    }

    /// <summary>Whether the decision JSON <paramref name="decisionJson"/> lists its inputs (decisions recorded by earlier versions do not).</summary>
    public static bool IsRecordedIn(string decisionJson) => JsonNode.Parse(decisionJson)?["inputs"] is JsonObject;

    /// <summary>Reads the <c>inputs</c> object written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The object is not one <see cref="ToJson"/> writes.</exception>
    public static DecisionInputs FromJson(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            throw new FormatException("the decision has no 'inputs' object");
        }

        try
        {
            return new DecisionInputs(
                Read(o, "evidence_runs"), o["baseline_release"]?.GetValue<long>(), Read(o, "approvals"), Read(o, "waivers"),
                Read(o, "ignored_approvals"), Read(o, "ignored_waivers"), o["shipped"]?.GetValue<bool>() ?? false,
                new DateTimeOffset(DateTime.ParseExact(o["at"]?.GetValue<string>() ?? "", "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)))
            {
                ReviewItems = o.ContainsKey("review_items") ? Read(o, "review_items") : null,
                ReviewVerdicts = o.ContainsKey("review_verdicts") ? Read(o, "review_verdicts") : [],
                IgnoredReviewVerdicts = o.ContainsKey("ignored_review_verdicts") ? Read(o, "ignored_review_verdicts") : [],
                ReviewSampleMismatch = o["review_sample_mismatch"]?.GetValue<bool>() ?? false,
                Findings = o.ContainsKey("findings") ? Read(o, "findings") : null,
                Escalations = o.ContainsKey("escalations") ? Read(o, "escalations") : [],
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new FormatException($"the decision's 'inputs' object does not hold record ids: {e.Message}", e);
        }
    }

    private static JsonArray Ids(IEnumerable<long> ids) => new(ids.Select(id => (JsonNode)id).ToArray());

    private static List<long> Read(JsonObject o, string key) =>
        (o[key] as JsonArray ?? throw new FormatException($"'inputs.{key}' is not a list")).Select(n => n!.GetValue<long>()).ToList();
}
