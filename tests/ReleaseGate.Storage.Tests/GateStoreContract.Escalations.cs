using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>Review items escalated to another group (migration 0005) in the review queue.</summary>
public abstract partial class GateStoreContract
{
    private static readonly string[] Seniors = ["seniors"];

    private Task<EscalationRecord?> EscalateItemAsync(ReviewItemRecord item, string toGroup, int level = 1, string kind = "review_item") =>
        WriteAsync(tx => tx.AddEscalationAsync(new NewEscalation(item.ReleaseId, kind, item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), toGroup, level,
            item.CreatedAt, "waited 24h")));

    [StoreFact]
    public async Task An_item_escalated_to_another_group_is_offered_to_its_members_as_if_it_were_their_own()
    {
        var release = await SeedReleaseAsync();
        var items = await SeedItemsAsync(release, "sha256:e1", Item("c1", needed: 1), Item("c2", needed: 1), Item("c3", needed: 1));

        // Nothing for the seniors until c2 is escalated to them; a stage escalation naming the same text, or another group's, does not count.
        Assert.Null(await NextAsync("sam", Seniors));
        Assert.Empty(await Store.ListOpenReviewItemsAsync("seniors", null, 10));
        await EscalateItemAsync(items[1], "seniors", kind: "stage");
        await EscalateItemAsync(items[2], "directors");
        Assert.Null(await NextAsync("sam", Seniors));

        await EscalateItemAsync(items[1], "seniors");
        Assert.Equal([items[1].Id], (await Store.ListOpenReviewItemsAsync("seniors", null, 10)).Select(i => i.Id));
        Assert.Equal([items[1].Id], (await Store.ListOpenReviewItemsAsync("seniors", "support-agent", 10)).Select(i => i.Id));
        Assert.Empty(await Store.ListOpenReviewItemsAsync("seniors", "triage", 10));
        Assert.Equal(3, (await Store.ListOpenReviewItemsAsync("experts", null, 10)).Count);
        var lease = (await NextAsync("sam", Seniors))!;
        Assert.Equal((items[1].Id, false), (lease.Item.Id, lease.Adjudication));
        Assert.Equal(items[1].Id, (await NextAsync("sam", Seniors))!.Item.Id);

        // Its k still holds across both groups: sam's lease fills c2's one place, so an expert gets c1, then c3, never c2.
        Assert.Equal(items[0].Id, (await NextAsync("carol"))!.Item.Id);
        Assert.Equal(items[2].Id, (await NextAsync("dana"))!.Item.Id);
        Assert.Null(await NextAsync("erin"));
        await VerdictAsync(items[1].Id, "sam");
        Assert.Null(await NextAsync("sam", Seniors));

        // In adjudication the escalated group stands in for the adjudicator group; settled, the item is nobody's.
        await SetStateAsync(items[1].Id, ReviewItemStatus.Adjudication);
        Assert.Equal([items[1].Id], (await Store.ListOpenReviewItemsAsync("seniors", null, 10)).Select(i => i.Id));
        var adjudication = (await NextAsync("tess", Seniors))!;
        Assert.Equal((items[1].Id, true), (adjudication.Item.Id, adjudication.Adjudication));
        await SetStateAsync(items[1].Id, ReviewItemStatus.Settled);
        Assert.Null(await NextAsync("uma", Seniors));
        Assert.Empty(await Store.ListOpenReviewItemsAsync("seniors", null, 10));

        // The submitter never reviews their own release, escalated or not.
        var another = (await SeedItemsAsync(release, "sha256:e1", Item("c4", needed: 1)))[3];
        await EscalateItemAsync(another, "seniors");
        Assert.Null(await NextAsync("bob", Seniors));
        Assert.Equal(another.Id, (await NextAsync("uma", Seniors))!.Item.Id);
    }
}
