using System.Text.Json.Nodes;
using ReleaseGate.Core.Formats;

namespace ReleaseGate.Server.Tests;

/// <summary>
/// The regression bank over real HTTP (issue 19): a failed case of a release banked with its provenance, de-duplicated by its
/// normalised input, required of every release submitted after it (a missing case blocks), quarantined, retired and brought back,
/// every change in the ledger, and its history across releases. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class BankTests
{
    /// <summary>The database for a new server: null for a SQLite file of its own.</summary>
    private protected abstract Task<string?> DatabaseAsync();

    /// <summary>A gate with suite core (ten cases, from a suite file) and a regression bank whose results carry suite 'bank'.</summary>
    internal static string Gate(string regressionsExtra = "", string reviews = "") => $$"""
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: high
        evals:
          - suite: core
            file: suites/core.yaml
            min_pass_rate: 0.7
        regressions:
          suite: bank
          must_pass: [critical, high]{{regressionsExtra}}
        {{reviews}}approvals:
          - { stage: product, group: leads, count: 1 }
        """;

    private const string CoreSuite = """
        apiVersion: releasegate/v1
        kind: Suite
        name: core
        prompts:
          user: "Customer asks: {{question}}"
        cases:
        """;

    /// <summary>Writes the gate and its suite file to a folder of their own and registers them as <c>workflow register</c> does.</summary>
    internal static async Task RegisterAsync(TestServer server, string gate)
    {
        var folder = Directory.CreateTempSubdirectory("releasegate-bank-gate-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "suites"));
        var cases = string.Concat(Enumerable.Range(0, 10).Select(i =>
            $"\n  - {{ id: c{i}, severity: high, slices: [refunds], vars: {{ question: \"Can I get refund {i} back?\" }}, assert: [{{ type: icontains, value: refund }}] }}"));
        await File.WriteAllTextAsync(Path.Combine(folder, "suites", "core.yaml"), CoreSuite + cases + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "gate.yaml"), gate);
        await ServerApp.RegisterGateAsync(server.App, Path.Combine(folder, "gate.yaml"), "admin");
    }

    private protected static string BankResults(params (string Case, bool Pass)[] cases) =>
        string.Concat(cases.Select(c => $$"""{"suite":"bank","case":"{{c.Case}}","pass":{{(c.Pass ? "true" : "false")}},"output":"replayed"}""" + "\n"));

    private protected static JsonNode Check(JsonNode release, string id) =>
        release["decision"]!["checks"]!.AsArray().First(c => c!["id"]!.GetValue<string>() == id)!;

    private protected static bool Has(JsonNode release, string id) =>
        release["decision"]!["checks"]!.AsArray().Any(c => c!["id"]!.GetValue<string>() == id);

    [DatabaseFact]
    public async Task A_failed_case_banked_from_a_release_is_required_of_the_next_release_and_never_forgotten()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var lena = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        await RegisterAsync(server, Gate());
        var first = await ci.SubmitAsync(Samples.Manifest("1.0.0"));
        await ci.EvidenceAsync(first, Samples.Results(8).Replace("\"pass\":false}", "\"pass\":false,\"output\":\"You get store credit.\"}", StringComparison.Ordinal));

        // c9 failed on 1.0.0: banked with its input, assertions, slices and output, and where it came from.
        var (status, added) = await ci.PostJsonAsync("api/v1/workflows/demo/bank",
            new { reason = "offered store credit instead of a refund", incident = "INC-7", from = new { release = "1.0.0", @case = "c9" } });
        Assert.True(status == 200, added?.ToJsonString());
        Assert.Equal("added", added![0]!["outcome"]!.GetValue<string>());
        Assert.Equal("active", added[0]!["state"]!.GetValue<string>());
        var (_, shown) = await ci.GetJsonAsync("api/v1/workflows/demo/bank/c9");
        Assert.Equal("release", shown!["provenance"]!["source"]!.GetValue<string>());
        Assert.Equal("1.0.0", shown["provenance"]!["release"]!.GetValue<string>());
        Assert.Equal("INC-7", shown["provenance"]!["incident"]!.GetValue<string>());
        Assert.Equal("ci", shown["provenance"]!["added_by"]!.GetValue<string>());
        Assert.Equal("You get store credit.", shown["provenance"]!["original_output"]!.GetValue<string>());
        Assert.Equal("refunds", shown["case"]!["slices"]![0]!.GetValue<string>());
        Assert.Equal("icontains", shown["case"]!["assert"]![0]!["type"]!.GetValue<string>());

        // The same source again writes nothing; the same input in other whitespace, key order and case is linked, not added.
        (_, added) = await ci.PostJsonAsync("api/v1/workflows/demo/bank",
            new { reason = "again", incident = "INC-7", from = new { release = "1.0.0", @case = "c9" } });
        Assert.Equal("known", added![0]!["outcome"]!.GetValue<string>());
        var duplicate = JsonNode.Parse("""
            {"id":"refund-nine","severity":"critical","assert":[{"type":"icontains","value":"refund"}],
             "messages":[{"role":"user","content":"  CUSTOMER asks:   can i get REFUND 9 back?"}]}
            """);
        (status, added) = await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = "seen again in production", incident = "INC-9", cases = new[] { duplicate } });
        Assert.True(status == 200, added?.ToJsonString());
        Assert.Equal("linked", added![0]!["outcome"]!.GetValue<string>());
        Assert.Equal("c9", added[0]!["bank_case"]!.GetValue<string>());
        (_, shown) = await ci.GetJsonAsync("api/v1/workflows/demo/bank/c9");
        Assert.Equal("refund-nine", shown!["duplicates"]![0]!["case"]!.GetValue<string>());

        // 1.1.0, submitted after the case was banked, leaves it out of its results: blocked, whatever else passes.
        var second = await ci.SubmitAsync(Samples.Manifest("1.1.0"));
        await ci.EvidenceAsync(second, Samples.Results(10));
        var release = await ci.EvidenceAsync(second, BankResults(("other", true)));
        var missing = Check(release["release"]!, "regressions/missing");
        Assert.Equal("fail", missing["status"]!.GetValue<string>());
        Assert.Contains("c9", missing["cases"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("blocked", Http.Verdict(release["release"]!));

        // Replayed and passing, it stops blocking; the decision lists the incident and how it fared.
        release = await ci.EvidenceAsync(second, BankResults(("c9", true)));
        Assert.False(Has(release["release"]!, "regressions/missing") && Check(release["release"]!, "regressions/missing")["status"]!.GetValue<string>() == "fail");
        var report = release["release"]!["decision"]!["bank"]!;
        var entry = report["cases"]!.AsArray().First(c => c!["case"]!.GetValue<string>() == "c9")!;
        Assert.Equal("INC-7", entry["incident"]!.GetValue<string>());
        Assert.Equal("pass", entry["candidate"]!.GetValue<string>());
        Assert.Equal("pending", Http.Verdict(release["release"]!));

        // Its history: the release that replayed it, and how.
        (_, shown) = await ci.GetJsonAsync("api/v1/workflows/demo/bank/c9");
        var history = shown!["history"]!.AsArray();
        Assert.Equal("1.1.0", Assert.Single(history)!["release"]!.GetValue<string>());
        Assert.Equal("pass", history[0]!["candidate"]!.GetValue<string>());

        // Quarantined, it runs but does not block; retired, it is not asked for; a change needs the approve scope and a reason.
        (status, var refused) = await ci.PostJsonAsync("api/v1/workflows/demo/bank/c9/state", new { state = "retired", reason = "no" });
        Assert.Equal(403, status);
        Assert.Equal("RG1609", Http.Code(refused));
        (status, var changed) = await lena.PostJsonAsync("api/v1/workflows/demo/bank/c9/state",
            new { state = "quarantined", reason = "flaky on the judge", owner = "lena", until = DateTimeOffset.UtcNow.AddDays(7) });
        Assert.True(status == 200, changed?.ToJsonString());
        Assert.Equal("quarantined", changed!["state"]!.GetValue<string>());
        var third = await ci.SubmitAsync(Samples.Manifest("1.2.0"));
        await ci.EvidenceAsync(third, Samples.Results(10));
        release = await ci.EvidenceAsync(third, BankResults(("c9", false), ("other", true)));
        Assert.NotEqual("fail", Has(release["release"]!, "regressions/missing") ? Check(release["release"]!, "regressions/missing")["status"]!.GetValue<string>() : "absent");
        Assert.Equal("pass", Check(release["release"]!, "regressions/high")["status"]!.GetValue<string>());
        Assert.Equal("quarantined", release["release"]!["decision"]!["bank"]!["cases"]!.AsArray().First(c => c!["case"]!.GetValue<string>() == "c9")!["state"]!.GetValue<string>());

        (status, changed) = await lena.PostJsonAsync("api/v1/workflows/demo/bank/c9/state", new { state = "retired", reason = "the refund flow was removed" });
        Assert.Equal(200, status);
        (status, refused) = await lena.PostJsonAsync("api/v1/workflows/demo/bank/c9/state", new { state = "quarantined", reason = "x", owner = "lena", until = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(409, status);
        Assert.Equal("RG1662", Http.Code(refused));
        (status, _) = await lena.PostJsonAsync("api/v1/workflows/demo/bank/c9/state", new { state = "active", reason = "the refund flow is back" });
        Assert.Equal(200, status);

        // 1.1.0 was decided on the bank as it stood at its submission: later changes do not move it.
        Assert.Equal("pending", await ci.VerdictAsync(second));

        // Every change is in the ledger under the case's subject, and the stored states are what the ledger says.
        var (_, entries) = await ci.GetJsonAsync($"api/v1/ledger?subject={Uri.EscapeDataString("bank:demo/c9")}");
        var types = entries!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["bank.added", "bank.linked", "bank.changed", "bank.changed", "bank.changed"], types);
        Assert.True((await server.Store.VerifyStateAsync()).IsConsistent);

        // Nothing deletes a case: there is no such endpoint.
        (status, _) = await lena.SendAsync(HttpMethod.Delete, "api/v1/workflows/demo/bank/c9");
        Assert.Equal(405, status);

        // The export is a suite file that parses, with the provenance in each case's bank key.
        var yaml = await ci.GetStringAsync("api/v1/workflows/demo/bank?format=suite");
        var suite = SuiteParser.Parse(yaml, "bank.yaml");
        Assert.True(suite.Value is not null, string.Join("\n", suite.Errors));
        var exported = Assert.Single(suite.Value!.Cases);
        Assert.Equal("c9", exported.Id);
        Assert.Equal("INC-7", exported.Bank!.Provenance!.Incident);
        Assert.NotNull(exported.Messages);   // the release's suite had prompts the bank has not: the case carries its conversation

        // The case lines of a large bank's export read back as the same cases, bank keys included.
        var lines = await ci.GetStringAsync("api/v1/workflows/demo/bank?format=jsonl");
        var errors = new List<ReleaseGate.Core.Diagnostics.GateError>();
        var line = SuiteParser.ReadCaseLine(suite.Value with { Cases = [] }, lines.TrimEnd('\n'), "bank.cases.jsonl", 1, errors);
        Assert.True(line is not null, string.Join("\n", errors));
        Assert.Equal(exported.Id, line.Id);
        Assert.Equal(exported.Bank, line.Bank);
        Assert.Equal(ReleaseGate.Core.Bank.BankCaseJson.Write(exported with { Bank = null }), ReleaseGate.Core.Bank.BankCaseJson.Write(line with { Bank = null }));
    }

    [DatabaseFact]
    public async Task Cases_written_out_are_checked_whole_and_nothing_is_added_when_one_is_bad()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        await RegisterAsync(server, Gate());
        var good = JsonNode.Parse("""{"id":"g1","vars":{"question":"a"},"assert":[{"type":"icontains","value":"x"}]}""");
        var noAssert = JsonNode.Parse("""{"id":"g2","vars":{"question":"b"}}""");
        var badType = JsonNode.Parse("""{"id":"g3","vars":{"question":"c"},"assert":[{"type":"containz","value":"x"}]}""");
        var badOutput = JsonNode.Parse("""{"id":"g5","vars":{"question":"d"},"assert":[{"type":"icontains","value":"x"}],"original_output":42}""");
        var (status, problem) = await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = "r", cases = new[] { good, noAssert, badType, badOutput } });
        Assert.Equal(400, status);
        var errors = problem!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.Contains("cases[1]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("cases[2]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("cases[3].original_output must be a string", StringComparison.Ordinal));
        var (_, list) = await ci.GetJsonAsync("api/v1/workflows/demo/bank");
        Assert.Empty(list!.AsArray());

        (status, problem) = await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = " ", cases = new[] { good } });
        Assert.Equal(400, status);
        (status, _) = await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = "r", cases = new[] { good } });
        Assert.Equal(200, status);

        // The id is the workflow's: another input under a banked id is refused, and the request adds nothing.
        var clash = JsonNode.Parse("""{"id":"g1","vars":{"question":"something else"},"assert":[{"type":"icontains","value":"x"}]}""");
        var fresh = JsonNode.Parse("""{"id":"g4","vars":{"question":"new"},"assert":[{"type":"icontains","value":"x"}]}""");
        (status, problem) = await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = "r", cases = new[] { fresh, clash } });
        Assert.Equal(409, status);
        Assert.Equal("RG1661", Http.Code(problem));
        (_, list) = await ci.GetJsonAsync("api/v1/workflows/demo/bank");
        Assert.Single(list!.AsArray());

        // A case of a release that does not exist, or that its gate's suites do not define, is refused with what to do.
        (status, problem) = await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = "r", from = new { release = "9.9.9", @case = "c1" } });
        Assert.Equal(404, status);
        Assert.Equal("RG1663", Http.Code(problem));

        // A gate without regressions has no bank to add to.
        await server.RegisterGateAsync(Samples.Gate("plain"));
        (status, problem) = await ci.PostJsonAsync("api/v1/workflows/plain/bank", new { reason = "r", cases = new[] { good } });
        Assert.Equal(409, status);
        Assert.Equal("RG1660", Http.Code(problem));
    }

    [DatabaseFact]
    public async Task A_gate_that_asks_for_review_of_new_cases_keeps_them_proposed_until_its_group_accepts_them()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var lena = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        using var gina = server.Client(await server.UserAsync("gina", ["guardians"], "approve"));
        await RegisterAsync(server, Gate("\n  review_new: guardians"));
        var bankCase = JsonNode.Parse("""{"id":"p1","severity":"critical","vars":{"question":"p"},"assert":[{"type":"icontains","value":"x"}]}""");
        var (_, added) = await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = "r", cases = new[] { bankCase } });
        Assert.Equal("proposed", added![0]!["state"]!.GetValue<string>());

        // Not yet required of a release.
        var id = await ci.SubmitAsync(Samples.Manifest("1.0.0"));
        await ci.EvidenceAsync(id, Samples.Results(10));
        var release = await ci.EvidenceAsync(id, BankResults(("other", true)));
        Assert.False(Has(release["release"]!, "regressions/missing") && Check(release["release"]!, "regressions/missing")["status"]!.GetValue<string>() == "fail");

        var (status, refused) = await lena.PostJsonAsync("api/v1/workflows/demo/bank/p1/state", new { state = "active", reason = "looks right" });
        Assert.Equal(403, status);
        Assert.Contains("guardians", refused!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        (status, var accepted) = await gina.PostJsonAsync("api/v1/workflows/demo/bank/p1/state", new { state = "active", reason = "a real failure" });
        Assert.Equal(200, status);
        Assert.Equal("active", accepted!["state"]!.GetValue<string>());

        // Required of releases submitted from now on.
        var next = await ci.SubmitAsync(Samples.Manifest("1.1.0"));
        await ci.EvidenceAsync(next, Samples.Results(10));
        release = await ci.EvidenceAsync(next, BankResults(("other", true)));
        Assert.Equal("fail", Check(release["release"]!, "regressions/missing")["status"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task A_failure_the_reviewers_confirm_and_flag_joins_the_bank()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        using var rob = server.Client(await server.UserAsync("rob", ["experts"], "review"));
        await RegisterAsync(server, Gate(reviews: """
            reviews:
              - id: experts
                group: experts
                sample: { failures: all, passing: 0, min: 0 }
                reviewers_per_item: 2
                min_agreement: 0.5

            """));
        var id = await ci.SubmitAsync(Samples.Manifest("1.0.0"));
        await ci.EvidenceAsync(id, Samples.Results(9));   // c9 fails: one item

        var (_, item) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        var itemId = item!["item"]!["id"]!.GetValue<long>();
        Assert.Equal("c9", item["item"]!["case"]!.GetValue<string>());
        await rita.PostJsonAsync($"api/v1/reviews/{itemId}/verdicts", new { verdict = "fail", comment = "refused a refund it owed", add_to_bank = true });
        var (_, before) = await ci.GetJsonAsync("api/v1/workflows/demo/bank");
        Assert.Empty(before!.AsArray());   // one reviewer's word is not yet a confirmed failure

        var (_, robs) = await rob.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.Equal(itemId, robs!["item"]!["id"]!.GetValue<long>());
        var (status, _) = await rob.PostJsonAsync($"api/v1/reviews/{itemId}/verdicts", new { verdict = "fail", comment = "agreed" });
        Assert.Equal(200, status);
        var (_, banked) = await ci.GetJsonAsync("api/v1/workflows/demo/bank/c9");
        Assert.Equal("review", banked!["provenance"]!["source"]!.GetValue<string>());
        Assert.Equal("rita", banked["provenance"]!["added_by"]!.GetValue<string>());
        Assert.Contains("refused a refund it owed", banked["provenance"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("1.0.0", banked["provenance"]!["release"]!.GetValue<string>());
    }
}

/// <summary>The bank's tests on SQLite.</summary>
public sealed class SqliteBankTests : BankTests
{
    private protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);

    [Fact]
    public async Task A_quarantine_ends_at_its_expiry_and_the_case_is_required_again()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(time: clock);
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var lena = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        await RegisterAsync(server, Gate());
        var bankCase = JsonNode.Parse("""{"id":"q1","severity":"high","vars":{"question":"q"},"assert":[{"type":"icontains","value":"x"}]}""");
        await ci.PostJsonAsync("api/v1/workflows/demo/bank", new { reason = "r", cases = new[] { bankCase } });
        var (status, changed) = await lena.PostJsonAsync("api/v1/workflows/demo/bank/q1/state",
            new { state = "quarantined", reason = "disputed", owner = "lena", until = clock.GetUtcNow().AddDays(3) });
        Assert.True(status == 200, changed?.ToJsonString());

        // Both exports carry the quarantine: the suite file and the case lines put together from the stored row.
        var yaml = SuiteParser.Parse(await ci.GetStringAsync("api/v1/workflows/demo/bank?format=suite"), "bank.yaml").Value!;
        var errors = new List<ReleaseGate.Core.Diagnostics.GateError>();
        var line = SuiteParser.ReadCaseLine(yaml with { Cases = [] }, (await ci.GetStringAsync("api/v1/workflows/demo/bank?format=jsonl")).TrimEnd('\n'), "bank.cases.jsonl", 1, errors);
        Assert.True(line is not null, string.Join("\n", errors));
        Assert.Equal(ReleaseGate.Core.Bank.BankState.Quarantined, line.Bank!.State);
        Assert.Equal("lena", line.Bank.Quarantine!.Owner);
        Assert.Equal(Assert.Single(yaml.Cases).Bank, line.Bank);

        var during = await ci.SubmitAsync(Samples.Manifest("1.0.0"));
        await ci.EvidenceAsync(during, Samples.Results(10));
        var release = await ci.EvidenceAsync(during, BankResults(("other", true)));
        Assert.False(Has(release["release"]!, "regressions/missing") && Check(release["release"]!, "regressions/missing")["status"]!.GetValue<string>() == "fail");

        clock.Advance(TimeSpan.FromDays(4));
        var (_, shown) = await ci.GetJsonAsync("api/v1/workflows/demo/bank/q1");
        Assert.Equal("active", shown!["summary"]!["state"]!.GetValue<string>());
        var after = await ci.SubmitAsync(Samples.Manifest("1.1.0"));
        await ci.EvidenceAsync(after, Samples.Results(10));
        release = await ci.EvidenceAsync(after, BankResults(("other", true)));
        Assert.Equal("fail", Check(release["release"]!, "regressions/missing")["status"]!.GetValue<string>());

        // The release submitted during the quarantine keeps the bank it was submitted under.
        Assert.NotEqual("blocked", await ci.VerdictAsync(during));
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

/// <summary>The bank's tests on PostgreSQL.</summary>
public sealed class PostgresBankTests : BankTests
{
    private protected override async Task<string?> DatabaseAsync() => await ServerDatabase.CreatePostgresAsync();
}
