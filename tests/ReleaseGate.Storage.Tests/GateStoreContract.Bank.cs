using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    private const string BankWorkflow = "refunds";

    [StoreFact]
    public async Task Bank_add_links_a_duplicate_once_and_skips_the_same_source_imported_again()
    {
        await SeedWorkflowAsync(BankWorkflow);
        var first = await AddBankAsync(Case("refund-over-limit", "sha256:f1", source: "import", reference: "bank.suite"));
        Assert.True(first.Added);
        Assert.Null(first.Link);
        Assert.Equal((BankState.Active, 1L, 0), (first.Case.State, first.Case.RowVersion, first.Case.Links));

        // The same input from an incident: linked, not banked twice.
        var duplicate = await AddBankAsync(Case("incident-4711", "sha256:f1", source: "incident", reference: "INC-4711", actor: "dana"));
        Assert.False(duplicate.Added);
        Assert.Equal(first.Case.Id, duplicate.Case.Id);
        Assert.Equal(1, duplicate.Case.Links);
        var link = Assert.IsType<BankLinkRecord>(duplicate.Link);
        Assert.Equal((first.Case.Id, "incident-4711", "dana"), (link.BankCaseId, link.CaseId, link.Actor));

        // The same file imported again, and the same incident again: nothing new.
        Assert.Null((await AddBankAsync(Case("refund-over-limit", "sha256:f1", source: "import", reference: "bank.suite"))).Link);
        Assert.Null((await AddBankAsync(Case("incident-4711-again", "sha256:f1", source: "incident", reference: "INC-4711"))).Link);

        // Without a reference nothing identifies an import: each such duplicate is linked.
        Assert.NotNull((await AddBankAsync(Case("by-hand", "sha256:f1", source: "manual", reference: null))).Link);
        Assert.NotNull((await AddBankAsync(Case("by-hand-2", "sha256:f1", source: "manual", reference: null))).Link);

        var stored = (await Store.GetBankCaseAsync(BankWorkflow, "refund-over-limit"))!;
        Assert.Equal(3, stored.Links);
        Assert.Equal(["incident-4711", "by-hand", "by-hand-2"], (await Store.ListBankLinksAsync(stored.Id)).Select(l => l.CaseId));
        Assert.Equal("""{"case":"refund-over-limit"}""", stored.CaseJson);
        Assert.Equal(1, await Store.CountBankAsync(BankWorkflow));
        var added = Assert.Single(await Store.ListBankEventsAsync(stored.Id));
        Assert.Equal((BankState.Active, "added", "alice"), (added.State, added.Reason, added.Actor));
        Assert.Null(await Store.GetBankCaseAsync(BankWorkflow, "incident-4711"));
    }

    [StoreFact]
    public async Task Bank_case_ids_are_unique_across_states_and_a_retired_input_can_be_banked_again()
    {
        await SeedWorkflowAsync(BankWorkflow);
        await AddBankAsync(Case("late-refund", "sha256:f1"));

        var taken = await Assert.ThrowsAsync<BankCaseIdTakenException>(() => AddBankAsync(Case("late-refund", "sha256:f2")));
        Assert.Equal("RG1512", taken.Code);
        Assert.Contains("already has a case 'late-refund'", taken.Message, StringComparison.Ordinal);

        await ChangeBankAsync("late-refund", new BankChange(BankState.Retired, "carol", "the refund rules changed"));
        await Assert.ThrowsAsync<BankCaseIdTakenException>(() => AddBankAsync(Case("late-refund", "sha256:f2")));
        var retired = await Assert.ThrowsAsync<BankCaseIdTakenException>(() => AddBankAsync(Case("late-refund", "sha256:f1")));
        Assert.Contains("already has a case 'late-refund' with this input, retired", retired.Message, StringComparison.Ordinal);

        // The retired case's input banked again under a new id is a new case, not a link.
        var again = await AddBankAsync(Case("late-refund-v2", "sha256:f1"));
        Assert.True(again.Added);
        Assert.Equal(2, await Store.CountBankAsync(BankWorkflow));

        // The retired case cannot come back while its input is live in another case; the other workflow's bank is another bank.
        var back = await Assert.ThrowsAsync<BankFingerprintTakenException>(() => ChangeBankAsync("late-refund", new BankChange(BankState.Active, "carol", "back")));
        Assert.Equal("RG1513", back.Code);
        Assert.Contains("case 'late-refund-v2'", back.Message, StringComparison.Ordinal);
        Assert.Equal(BankState.Retired, (await Store.GetBankCaseAsync(BankWorkflow, "late-refund"))!.State);
        await SeedWorkflowAsync("billing");
        Assert.True((await AddBankAsync(Case("late-refund", "sha256:f1") with { Workflow = "billing" })).Added);

        await ChangeBankAsync("late-refund-v2", new BankChange(BankState.Retired, "carol", "duplicate of late-refund"));
        Assert.Equal(BankState.Active, (await ChangeBankAsync("late-refund", new BankChange(BankState.Active, "carol", "back"))).State);

        await Assert.ThrowsAsync<RecordNotFoundException>(() => AddBankAsync(Case("x", "sha256:f9") with { Workflow = "nope" }));
    }

    [StoreFact]
    public async Task Two_transactions_banking_one_input_at_once_store_one_case_and_one_link()
    {
        await SeedWorkflowAsync(BankWorkflow);
        await using var other = await OpenAsync();

        // The first holds its uncommitted case while the second adds the same input: the second waits for it, then links.
        var first = await Store.BeginAsync();
        BankAddResult won;
        Task<BankAddResult> second;
        await using (first)
        {
            won = await first.AddBankCaseAsync(Case("from-ci", "sha256:f1", reference: "run-1"));
            second = Task.Run(async () =>
            {
                await using var tx = await other.BeginAsync();
                var result = await tx.AddBankCaseAsync(Case("from-review", "sha256:f1", reference: "item-9"));
                await tx.CommitAsync();
                return result;
            });
            await Task.Delay(300);
            await first.CommitAsync();
        }

        var lost = await second;
        Assert.True(won.Added);
        Assert.False(lost.Added);
        Assert.Equal((won.Case.Id, "from-review"), (lost.Case.Id, lost.Link!.CaseId));

        // Many writers at once, two per input: one case and one link per input, whoever wins.
        var writes = Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            Task.Run(() => AddBankAsync(Case($"a-{i}", $"sha256:g{i}", reference: "a"), Store)),
            Task.Run(() => AddBankAsync(Case($"b-{i}", $"sha256:g{i}", reference: "b"), other)),
        }).ToList();
        var outcomes = await Task.WhenAll(writes);
        Assert.Equal(20, outcomes.Count(o => o.Added));
        Assert.Equal(20, outcomes.Count(o => o.Link is not null));
        Assert.Equal(21, await Store.CountBankAsync(BankWorkflow));
        await foreach (var bankCase in Store.ReadBankAsync(BankWorkflow))
        {
            Assert.Equal(1, bankCase.Links);
            Assert.Single(await Store.ListBankLinksAsync(bankCase.Id));
        }

        // One incident's duplicate imported twice at once: linked once (the second waits for the case's row, then finds the link).
        var imports = Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            Task.Run(() => AddBankAsync(Case($"incident-{i}", $"sha256:g{i}", source: "incident", reference: $"INC-{i}"), Store)),
            Task.Run(() => AddBankAsync(Case($"incident-{i}", $"sha256:g{i}", source: "incident", reference: $"INC-{i}"), other)),
        }).ToList();
        var imported = await Task.WhenAll(imports);
        Assert.Equal(20, imported.Count(o => o.Link is not null));
        Assert.DoesNotContain(imported, o => o.Added);
        Assert.Equal(21, await Store.CountBankAsync(BankWorkflow));
        Assert.All(await Store.ReadBankAsync(BankWorkflow).Where(c => c.CaseId != "from-ci").ToListAsync(), c => Assert.Equal(2, c.Links));
    }

    [StoreFact]
    public async Task A_retired_case_returning_while_another_transaction_banks_its_input_is_refused()
    {
        await SeedWorkflowAsync(BankWorkflow);
        await AddBankAsync(Case("old", "sha256:f1"));
        await ChangeBankAsync("old", new BankChange(BankState.Retired, "carol", "obsolete"));
        await using var other = await OpenAsync();

        // The input is banked again, uncommitted, while the retired case is brought back: the return waits for it, then fails.
        Task<BankCaseRecord> back;
        await using (var adding = await Store.BeginAsync())
        {
            Assert.True((await adding.AddBankCaseAsync(Case("new", "sha256:f1"))).Added);
            back = Task.Run(async () =>
            {
                await using var tx = await other.BeginAsync();
                var changed = await tx.ChangeBankCaseAsync(BankWorkflow, "old", null, new BankChange(BankState.Active, "dana", "back"));
                await tx.CommitAsync();
                return changed;
            });
            await Task.Delay(300);
            await adding.CommitAsync();
        }

        await Assert.ThrowsAsync<BankFingerprintTakenException>(() => back);
        Assert.Equal(BankState.Retired, (await Store.GetBankCaseAsync(BankWorkflow, "old"))!.State);
        Assert.Equal(BankState.Active, (await Store.GetBankCaseAsync(BankWorkflow, "new"))!.State);
    }

    [StoreFact]
    public async Task Bank_changes_write_events_bump_the_row_version_and_refuse_stale_versions()
    {
        await SeedWorkflowAsync(BankWorkflow);
        var banked = (await AddBankAsync(Case("refund-loop", "sha256:f1") with { State = BankState.Proposed })).Case;
        var until = Time.GetUtcNow().AddDays(14);

        Time.Advance(TimeSpan.FromMinutes(1));
        var active = await ChangeBankAsync("refund-loop", new BankChange(BankState.Active, "carol", "reviewed"), banked.RowVersion);
        var quarantined = await ChangeBankAsync("refund-loop", new BankChange(BankState.Quarantined, "carol", "flaky judge", "team-refunds", until), active.RowVersion);
        Assert.Equal((BankState.Quarantined, 3L), (quarantined.State, quarantined.RowVersion));
        Assert.Equal(("flaky judge", "team-refunds", until), (quarantined.QuarantineReason, quarantined.QuarantineOwner, quarantined.QuarantineUntil));
        Assert.Equal(Time.GetUtcNow(), quarantined.UpdatedAt);
        Assert.Equal(banked.CreatedAt, quarantined.CreatedAt);

        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => ChangeBankAsync("refund-loop", new BankChange(BankState.Retired, "dana", "obsolete"), active.RowVersion));
        Assert.Contains("version 2 expected, 3 found", stale.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RecordNotFoundException>(() => ChangeBankAsync("no-such-case", new BankChange(BankState.Retired, "dana", "obsolete")));

        // Leaving quarantine clears it; retiring keeps the reason; the definition never changes.
        var back = await ChangeBankAsync("refund-loop", new BankChange(BankState.Active, "carol", "judge fixed"), quarantined.RowVersion);
        Assert.Equal((null, null, null), (back.QuarantineReason, back.QuarantineOwner, back.QuarantineUntil));
        var retired = await ChangeBankAsync("refund-loop", new BankChange(BankState.Retired, "dana", "feature removed", "ignored", until));
        Assert.Equal((BankState.Retired, "feature removed", 5L), (retired.State, retired.RetiredReason, retired.RowVersion));
        Assert.Equal((null, null), (retired.QuarantineOwner, retired.QuarantineUntil));
        Assert.Equal((banked.CaseJson, banked.Fingerprint, banked.ProvenanceJson), (retired.CaseJson, retired.Fingerprint, retired.ProvenanceJson));

        var events = await Store.ListBankEventsAsync(banked.Id);
        Assert.Equal(
            [(BankState.Proposed, "added"), (BankState.Active, "reviewed"), (BankState.Quarantined, "flaky judge"), (BankState.Active, "judge fixed"), (BankState.Retired, "feature removed")],
            events.Select(e => (e.State, e.Reason)));
        Assert.Equal(("team-refunds", until), (events[2].QuarantineOwner, events[2].QuarantineUntil));
        Assert.Equal((null, null), (events[4].QuarantineOwner, events[4].QuarantineUntil));
        Assert.Equal(retired, await Store.GetBankCaseAsync(BankWorkflow, "refund-loop"));

        // Nothing of the bank can be deleted, nor a case's definition rewritten.
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM bank_cases"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM bank_events"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE bank_cases SET case_json = '{}'"));
        Assert.Equal(5, (await Store.ListBankEventsAsync(banked.Id)).Count);
    }

    [StoreFact]
    public async Task The_bank_as_of_a_time_has_each_case_in_the_state_it_was_in_then()
    {
        await SeedWorkflowAsync(BankWorkflow);
        var t0 = Time.GetUtcNow();
        await AddBankAsync(Case("a-refund", "sha256:f1"));
        Time.Advance(TimeSpan.FromHours(1));
        var t1 = Time.GetUtcNow();
        await AddBankAsync(Case("b-refund", "sha256:f2"));
        Time.Advance(TimeSpan.FromHours(1));
        var t2 = Time.GetUtcNow();
        var until = t2.AddDays(7);
        await ChangeBankAsync("a-refund", new BankChange(BankState.Quarantined, "carol", "flaky", "team-refunds", until));
        await AddBankAsync(Case("dup", "sha256:f2", reference: "INC-1"));
        Time.Advance(TimeSpan.FromHours(1));
        var t3 = Time.GetUtcNow();
        await ChangeBankAsync("b-refund", new BankChange(BankState.Retired, "carol", "obsolete"));
        await ChangeBankAsync("a-refund", new BankChange(BankState.Active, "carol", "fixed"));

        Assert.Empty(await Store.BankAsOfAsync(BankWorkflow, t0.AddTicks(-10)));
        Assert.Equal([("a-refund", BankState.Active)], (await Store.BankAsOfAsync(BankWorkflow, t0)).Select(c => (c.CaseId, c.State)));
        Assert.Equal([("a-refund", BankState.Active), ("b-refund", BankState.Active)],
            (await Store.BankAsOfAsync(BankWorkflow, t2.AddTicks(-10))).Select(c => (c.CaseId, c.State)));

        var atT2 = await Store.BankAsOfAsync(BankWorkflow, t2.AddMinutes(30));
        Assert.Equal((BankState.Quarantined, "flaky", "team-refunds", until, t2, 2L), (atT2[0].State, atT2[0].QuarantineReason, atT2[0].QuarantineOwner, atT2[0].QuarantineUntil, atT2[0].UpdatedAt, atT2[0].RowVersion));
        Assert.Equal((BankState.Active, 1, t1), (atT2[1].State, atT2[1].Links, atT2[1].UpdatedAt));
        Assert.Equal(0, (await Store.BankAsOfAsync(BankWorkflow, t1))[1].Links);

        // In another time zone the same instant is the same bank.
        var atT3 = await Store.BankAsOfAsync(BankWorkflow, t3.ToOffset(TimeSpan.FromHours(-5)));
        Assert.Equal([("a-refund", BankState.Active, (string?)null), ("b-refund", BankState.Retired, "obsolete")], atT3.Select(c => (c.CaseId, c.State, c.RetiredReason)));
        Assert.Equal((null, null), (atT3[0].QuarantineOwner, atT3[0].QuarantineReason));
        Assert.Equal(await Store.ReadBankAsync(BankWorkflow).ToListAsync(), atT3);
    }

    [StoreFact]
    public async Task The_bank_reads_in_case_id_order_and_filters_by_state()
    {
        await SeedWorkflowAsync(BankWorkflow);
        await SeedWorkflowAsync("billing");
        string[] ids = ["c-case", "a-case", "B-case", "b-case", "a-case-2", "é-case"];
        for (var i = 0; i < ids.Length; i++)
        {
            await AddBankAsync(Case(ids[i], $"sha256:f{i}"));
        }

        await AddBankAsync(Case("other-workflow", "sha256:f0") with { Workflow = "billing" });
        await ChangeBankAsync("b-case", new BankChange(BankState.Quarantined, "carol", "flaky", "team", Time.GetUtcNow().AddDays(1)));
        await ChangeBankAsync("c-case", new BankChange(BankState.Retired, "carol", "obsolete"));

        Assert.Equal(["B-case", "a-case", "a-case-2", "b-case", "c-case", "é-case"], await Store.ReadBankAsync(BankWorkflow).Select(c => c.CaseId).ToListAsync());
        Assert.Equal(["b-case", "c-case"],
            await Store.ReadBankAsync(BankWorkflow, [BankState.Retired, BankState.Quarantined]).Select(c => c.CaseId).ToListAsync());
        Assert.Equal(["B-case", "a-case", "a-case-2", "é-case"], await Store.ReadBankAsync(BankWorkflow, [BankState.Active]).Select(c => c.CaseId).ToListAsync());
        Assert.Empty(await Store.ReadBankAsync(BankWorkflow, [BankState.Proposed]).ToListAsync());
        Assert.Equal(6, (await Store.ReadBankAsync(BankWorkflow, []).ToListAsync()).Count);
        Assert.Empty(await Store.ReadBankAsync("nope").ToListAsync());
        Assert.Equal(0, await Store.CountBankAsync("nope"));
    }

    [StoreFact]
    public async Task A_bank_case_replays_are_its_lines_in_every_release_of_the_workflow()
    {
        var first = await SeedReleaseAsync(BankWorkflow, "sha256:r1");
        var second = await SeedReleaseAsync(BankWorkflow, "sha256:r2");
        var elsewhere = await SeedReleaseAsync("billing", "sha256:r3");
        var skipped = await SeedReleaseAsync(BankWorkflow, "sha256:r4");
        await AddRunAsync(first.Id, "sha256:e1", [Replay(1, "regressions", "refund-loop", pass: false), Replay(2, "regressions", "other", pass: true), Replay(3, "support", "refund-loop", pass: true)]);
        await AddRunAsync(first.Id, "sha256:e2", [Replay(1, "regressions", "refund-loop", pass: true, target: "baseline")]);
        await AddRunAsync(second.Id, "sha256:e3", [Replay(1, "regressions", "other", pass: true), Replay(2, "regressions", "refund-loop", pass: true), Replay(3, "regressions", "refund-loop", pass: true, repeat: 1)]);
        await AddRunAsync(elsewhere.Id, "sha256:e4", [Replay(1, "regressions", "refund-loop", pass: false)]);
        await AddRunAsync(skipped.Id, "sha256:e5", [Replay(1, "regressions", "other", pass: false)]);

        var replays = await Store.ReadBankReplaysAsync(BankWorkflow, "regressions", "refund-loop").ToListAsync();
        Assert.Equal(
            [(first.Id, 1L, "candidate", false), (first.Id, 1L, "baseline", true), (second.Id, 2L, "candidate", true), (second.Id, 3L, "candidate", true)],
            replays.Select(r => (r.ReleaseId, r.Line.LineNumber, r.Line.Target, r.Line.Pass!.Value)));
        Assert.Equal((first.Version, ReleaseState.Pending, first.CreatedAt), (replays[0].Version, replays[0].ReleaseState, replays[0].ReleaseCreatedAt));
        Assert.Equal(second.Version, replays[3].Version);
        Assert.Equal(1, replays[3].Line.Repeat);
        Assert.Contains("\"refund-loop\"", replays[0].Line.Json, StringComparison.Ordinal);
        Assert.Empty(await Store.ReadBankReplaysAsync(BankWorkflow, "regressions", "never-run").ToListAsync());
    }

    [StoreFact]
    public async Task State_verification_reports_a_bank_case_changed_behind_the_ledger()
    {
        await SeedWorkflowAsync(BankWorkflow);
        await using (var tx = await Store.BeginAsync())
        {
            foreach (var id in new[] { "kept", "tampered" })
            {
                var added = await tx.AddBankCaseAsync(Case(id, "sha256:" + id));
                await tx.AppendLedgerAsync(new NewLedgerEntry("alice", LedgerEvents.BankAdded, $"bank:{BankWorkflow}/{id}",
                    new JsonObject { ["state"] = BankStates.Word(added.Case.State), ["fingerprint"] = added.Case.Fingerprint }));
            }

            var changed = await tx.ChangeBankCaseAsync(BankWorkflow, "tampered", null, new BankChange(BankState.Retired, "carol", "obsolete"));
            await tx.AppendLedgerAsync(new NewLedgerEntry("carol", LedgerEvents.BankChanged, $"bank:{BankWorkflow}/tampered",
                new JsonObject { ["state"] = BankStates.Word(changed.State), ["reason"] = "obsolete" }));
            await tx.CommitAsync();
        }

        var clean = await Store.VerifyStateAsync();
        Assert.True(clean.IsConsistent, string.Join("; ", clean.Breaks));
        Assert.Equal((3L, 2L), (clean.EntriesRead, clean.RowsChecked));

        // The retired case brought back in the table, a case banked straight into it, and an entry whose case is not there.
        await ExecuteRawAsync("UPDATE bank_cases SET state = 'active', retired_reason = NULL WHERE case_id = 'tampered'");
        await ExecuteRawAsync("INSERT INTO bank_cases (workflow, case_id, fingerprint, state, severity, case_json, provenance_json, created_by, created_at, updated_at, row_version, link_count) " +
            "SELECT workflow, 'smuggled', 'sha256:smuggled', state, severity, case_json, provenance_json, created_by, created_at, updated_at, 1, 0 FROM bank_cases WHERE case_id = 'kept'");
        await using (var tx = await Store.BeginAsync())
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry("mallory", LedgerEvents.BankAdded, $"bank:{BankWorkflow}/ghost", new JsonObject { ["state"] = "active" }));
            await tx.CommitAsync();
        }

        var forged = await Store.VerifyStateAsync();
        Assert.Equal(3, forged.BreakCount);
        Assert.Contains(forged.Breaks, b => b.Table == "bank_cases" && b.Detail == "state is 'active' in the table, but the ledger implies 'retired'");
        Assert.Contains(forged.Breaks, b => b.Table == "bank_cases" && b.Detail.Contains("'smuggled' of workflow 'refunds' has no bank.added entry", StringComparison.Ordinal));
        Assert.Contains(forged.Breaks, b => b.Table == "ledger" && b.Detail.Contains($"bank case 'bank:{BankWorkflow}/ghost'", StringComparison.Ordinal));
        Assert.True((await Store.VerifyLedgerAsync()).IsIntact);
    }

    private static NewBankCase Case(string id, string fingerprint, string source = "import", string? reference = "bank.suite", string actor = "alice")
    {
        var provenance = new JsonObject { ["source"] = source, ["added_by"] = actor };
        if (reference is not null)
        {
            provenance["reference"] = reference;
        }

        return new NewBankCase(BankWorkflow, id, fingerprint, BankState.Active, "high", $$"""{"case":"{{id}}"}""", provenance.ToJsonString(), actor);
    }

    private async Task SeedWorkflowAsync(string workflow)
    {
        await using var tx = await Store.BeginAsync();
        await tx.UpsertWorkflowAsync(workflow, "high");
        await tx.CommitAsync();
    }

    private async Task<BankAddResult> AddBankAsync(NewBankCase bankCase, IGateStore? store = null)
    {
        await using var tx = await (store ?? Store).BeginAsync();
        var result = await tx.AddBankCaseAsync(bankCase);
        await tx.CommitAsync();
        return result;
    }

    private async Task<BankCaseRecord> ChangeBankAsync(string caseId, BankChange change, long? expectedRowVersion = null)
    {
        await using var tx = await Store.BeginAsync();
        var result = await tx.ChangeBankCaseAsync(BankWorkflow, caseId, expectedRowVersion, change);
        await tx.CommitAsync();
        return result;
    }

    private async Task AddRunAsync(long releaseId, string digest, IReadOnlyList<EvidenceLine> lines)
    {
        await using var tx = await Store.BeginAsync();
        await tx.AddEvidenceRunAsync(new NewEvidenceRun(releaseId, digest, "results.jsonl", "ci"), lines.ToAsyncEnumerable());
        await tx.CommitAsync();
    }

    private static EvidenceLine Replay(long line, string suite, string caseId, bool pass, string target = "candidate", int repeat = 0) =>
        new(line, suite, caseId, repeat, target, pass, null, pass ? 1 : 0, 10, null,
            $$"""{"suite":"{{suite}}","case":"{{caseId}}","target":"{{target}}","pass":{{(pass ? "true" : "false")}}}""");
}
