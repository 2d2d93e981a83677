using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    [StoreFact]
    public async Task A_state_change_and_its_ledger_entry_commit_together_or_not_at_all()
    {
        var release = await SeedReleaseAsync();
        await using (var tx = await Store.BeginAsync())
        {
            await tx.UpdateReleaseAsync(release.Id, 1, new ReleaseUpdate(ReleaseState.Approved));
            await tx.AppendLedgerAsync(new NewLedgerEntry("carol", "release.approved", $"release:{release.Id}", null));
            await tx.RollbackAsync();
        }

        Assert.Equal(ReleaseState.Pending, (await Store.GetReleaseAsync(release.Id))!.State);
        Assert.Equal(1, (await Store.GetLedgerHeadAsync())!.Seq);

        await using (var tx = await Store.BeginAsync())
        {
            await tx.UpdateReleaseAsync(release.Id, 1, new ReleaseUpdate(ReleaseState.Approved));
            await tx.AppendLedgerAsync(new NewLedgerEntry("carol", "release.approved", $"release:{release.Id}", null));
            await tx.CommitAsync();
        }

        Assert.Equal(ReleaseState.Approved, (await Store.GetReleaseAsync(release.Id))!.State);
        Assert.Equal(["release.submitted", "release.approved"], (await Store.ListLedgerBySubjectAsync($"release:{release.Id}")).Select(e => e.Type));
    }

    [StoreFact]
    public async Task Ledger_entries_chain_by_hash_over_their_canonical_encoding()
    {
        var payload = new JsonObject { ["z"] = 1, ["a"] = new JsonArray("x", 2.50, null), ["text"] = "quote \" and \n newline, é" };
        LedgerEntry first, second;
        await using (var tx = await Store.BeginAsync())
        {
            first = await tx.AppendLedgerAsync(new NewLedgerEntry("alice", "gate.stored", "workflow:support-agent", payload));
            Time.Advance(TimeSpan.FromTicks(12_345_678));
            second = await tx.AppendLedgerAsync(new NewLedgerEntry("bob \"the\" builder", "waiver.granted", "waiver:1\t", new JsonObject()));
            await tx.CommitAsync();
        }

        Assert.Equal((1L, LedgerHash.Genesis), (first.Seq, first.PrevHash));
        Assert.Equal((2L, first.Hash), (second.Seq, second.PrevHash));
        Assert.Equal(CanonicalJson.Serialize(JsonNode.Parse(payload.ToJsonString())), first.PayloadJson);
        Assert.Equal("""{"a":["x",2.5,null],"text":"quote \" and \n newline, é","z":1}""", first.PayloadJson);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 30, 1, 234, 567, TimeSpan.Zero), second.Time);

        // The encoding is the RFC 8785 form of the entry as a JSON object: an auditor can recompute it with any JCS library.
        var asObject = new JsonObject
        {
            ["seq"] = 2, ["time"] = "2026-11-26T09:30:01.234567Z", ["actor"] = "bob \"the\" builder", ["type"] = "waiver.granted",
            ["subject"] = "waiver:1\t", ["payload"] = new JsonObject(), ["prev"] = first.Hash,
        };
        Assert.Equal(CanonicalJson.Serialize(JsonNode.Parse(asObject.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))), LedgerHash.CanonicalEncoding(2, second.Time, second.Actor, second.Type, second.Subject, "{}", first.Hash));

        var read = await Store.ReadLedgerAsync().ToListAsync();
        Assert.Equal([first, second], read);
        Assert.All(read, e => Assert.Equal(e.Hash, LedgerHash.Compute(e)));
        Assert.Equal([second], await Store.ReadLedgerAsync(afterSeq: 1).ToListAsync());
        Assert.Equal([first], await Store.ReadLedgerAsync(limit: 1).ToListAsync());
        var verification = await Store.VerifyLedgerAsync();
        Assert.Equal((true, 2L, 2L, second.Hash), (verification.IsIntact, verification.EntriesChecked, verification.HeadSeq, verification.HeadHash));
    }

    [StoreFact]
    public async Task An_empty_ledger_verifies()
    {
        var verification = await Store.VerifyLedgerAsync();
        Assert.True(verification.IsIntact);
        Assert.Equal((0L, LedgerHash.Genesis), (verification.HeadSeq, verification.HeadHash));
    }

    [StoreFact]
    public async Task Ledger_rows_refuse_update_and_delete()
    {
        await AppendEntriesAsync(3);
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE ledger SET actor = 'mallory' WHERE seq = 2"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM ledger WHERE seq = 2"));
        Assert.True((await Store.VerifyLedgerAsync()).IsIntact);
    }

    [StoreFact]
    public async Task Verify_names_an_entry_whose_payload_changed_by_one_byte()
    {
        await AppendEntriesAsync(5);
        await DropTriggerAsync("ledger", "ledger_no_update");
        Assert.Equal(1, await ExecuteRawAsync("UPDATE ledger SET payload = replace(payload, '\"n\":3', '\"n\":4') WHERE seq = 3"));
        var broken = (await Store.VerifyLedgerAsync()).FirstBreak;
        Assert.Equal((3L, LedgerBreakKind.HashMismatch), (broken!.Seq, broken.Kind));
    }

    [StoreFact]
    public async Task Verify_names_a_deleted_entry()
    {
        await AppendEntriesAsync(5);
        await DropTriggerAsync("ledger", "ledger_no_delete");
        Assert.Equal(1, await ExecuteRawAsync("DELETE FROM ledger WHERE seq = 4"));
        var broken = (await Store.VerifyLedgerAsync()).FirstBreak;
        Assert.Equal((4L, LedgerBreakKind.SequenceGap), (broken!.Seq, broken.Kind));
        Assert.Contains("entry 4 is missing", broken.Detail, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Verify_names_entries_cut_off_the_end()
    {
        await AppendEntriesAsync(5);
        await DropTriggerAsync("ledger", "ledger_no_delete");
        await ExecuteRawAsync("DELETE FROM ledger WHERE seq = 5");
        var broken = (await Store.VerifyLedgerAsync()).FirstBreak;
        Assert.Equal((5L, LedgerBreakKind.HeadMismatch), (broken!.Seq, broken.Kind));
    }

    [StoreFact]
    public async Task Verify_names_reordered_entries()
    {
        await AppendEntriesAsync(5);
        await DropTriggerAsync("ledger", "ledger_no_update");
        // Swap the content of entries 2 and 3, keeping their positions: each now sits at a seq its hash was not made for.
        await ExecuteRawAsync("UPDATE ledger SET seq = -2 WHERE seq = 2");
        await ExecuteRawAsync("UPDATE ledger SET seq = 2 WHERE seq = 3");
        await ExecuteRawAsync("UPDATE ledger SET seq = 3 WHERE seq = -2");
        var broken = (await Store.VerifyLedgerAsync()).FirstBreak;
        Assert.Equal(2L, broken!.Seq);
        Assert.Contains(broken.Kind, new[] { LedgerBreakKind.ChainMismatch, LedgerBreakKind.HashMismatch });
    }

    [StoreFact]
    public async Task Verify_names_an_entry_rewritten_with_a_fresh_hash()
    {
        await AppendEntriesAsync(5);
        await DropTriggerAsync("ledger", "ledger_no_update");
        var target = (await Store.ReadLedgerAsync(afterSeq: 1, limit: 1).ToListAsync())[0];
        var forged = LedgerHash.Compute(target.Seq, target.Time, "mallory", target.Type, target.Subject, target.PayloadJson, target.PrevHash);
        await ExecuteRawAsync($"UPDATE ledger SET actor = 'mallory', hash = '{forged}' WHERE seq = 2");
        var broken = (await Store.VerifyLedgerAsync()).FirstBreak;
        Assert.Equal((3L, LedgerBreakKind.ChainMismatch), (broken!.Seq, broken.Kind));
    }

    [StoreFact]
    public async Task Readers_never_wait_for_an_open_ledger_append()
    {
        await AppendEntriesAsync(2);
        await using var tx = await Store.BeginAsync();
        await tx.AppendLedgerAsync(new NewLedgerEntry("carol", "release.approved", "release:1", null));

        var read = Store.ReadLedgerAsync().ToListAsync().AsTask();
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(read, finished);
        Assert.Equal(2, (await read).Count);
        Assert.True((await Store.VerifyLedgerAsync()).IsIntact);
        await tx.CommitAsync();
        Assert.Equal(3, (await Store.GetLedgerHeadAsync())!.Seq);
    }

    protected async Task AppendEntriesAsync(int count)
    {
        await using var tx = await Store.BeginAsync();
        for (var i = 1; i <= count; i++)
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("alice", "test.event", $"thing:{i}", new JsonObject { ["n"] = i }));
            Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await tx.CommitAsync();
    }
}
