using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Tests;

/// <summary>
/// The review workforce over real HTTP (issue 18): items sampled when evidence arrives, queues with leases, blind k-reviewer
/// verdicts, adjudication, verdicts as evidence, and a release that reaches approved and shipped through them. Run on SQLite and
/// on PostgreSQL.
/// </summary>
public abstract class ReviewTests
{
    /// <summary>Ten cases of suite core, 8 passing: 2 failures and 2 of the 8 passing cases are sampled (4 items), each for 2 reviewers.</summary>
    internal static string Gate(int reviewers = 2, string extra = "", string minAgreement = "0.5") => $$"""
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: high
        evals:
          - suite: core
            min_pass_rate: 0.7
        reviews:
          - id: experts
            group: experts
            adjudicator: judges
            sample: { failures: all, passing: 0.25, min: 3 }
            reviewers_per_item: {{reviewers}}
            min_agreement: {{minAgreement}}
        {{extra}}approvals:
          - { stage: product, group: leads, count: 1 }
        """;

    /// <summary>The database for a new server: null for a SQLite file of its own.</summary>
    private protected abstract Task<string?> DatabaseAsync();

    [DatabaseFact]
    public async Task Reviewers_settle_every_sampled_item_and_the_release_goes_on_to_approved_and_shipped()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", ["experts"], "submit", "review"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        using var rob = server.Client(await server.UserAsync("rob", ["experts"], "review"));
        using var lena = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        Assert.Equal(200, (int)(await server.RegisterGateAsync(Gate())).StatusCode);
        var id = await ci.SubmitAsync(Samples.Manifest());
        var after = await ci.EvidenceAsync(id, Samples.Results(8));
        var review = Check(after["release"]!, "reviews/experts");
        Assert.Equal("pending", review["status"]!.GetValue<string>());
        Assert.Equal(4, review["measured"]!["items"]!.GetValue<int>());

        var (_, listed) = await ci.GetJsonAsync($"api/v1/reviews?release={id}");
        Assert.Equal(4, listed!.AsArray().Count);
        using (var anonymous = server.Client())
        {
            var metrics = await anonymous.GetStringAsync("metrics");
            Assert.Matches(@"releasegate_review_queue_depth\{[^}]*group=""experts""[^}]*\} 4\b", metrics);
            Assert.Matches(@"releasegate_review_queue_oldest_age_seconds\{[^}]*group=""experts""", metrics);
        }

        Assert.Equal(2, listed.AsArray().Count(i => i!["reason"]!.GetValue<string>() == "failure"));

        // The submitter is in the group and has the scope, and is never handed their own release's items.
        var (status, _) = await ci.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.Equal(204, status);

        // The same item twice from one reviewer: the reservation is the same, not a second one.
        var (_, first) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        var (_, again) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.Equal(first!["item"]!["id"]!.GetValue<long>(), again!["item"]!["id"]!.GetValue<long>());
        Assert.NotNull(first["lease_expires"]);
        Assert.NotEmpty(first["candidate"]!.AsArray());

        var judged = await JudgeAllAsync(rita, item => Automated(item));
        judged += await JudgeAllAsync(rob, item => Automated(item));
        Assert.Equal(8, judged);

        var (_, release) = await ci.GetJsonAsync($"api/v1/releases/{id}");
        review = Check(release!, "reviews/experts");
        Assert.Equal("pass", review["status"]!.GetValue<string>());
        Assert.Equal(1.0, review["measured"]!["agreement"]!["percent"]!.GetValue<double>());
        Assert.Equal("pending", Http.Verdict(release!));   // the product stage still waits
        // The exporter keeps a scrape for a moment: ask until the counters show. They add up over every server in this test
        // process (the meters share a name), so only their presence is checked.
        await MetricsShowAsync(server, @"releasegate_review_verdicts_total\{[^}]*role=""reviewer""[^}]*verdict=""pass""[^}]*\} \d+");
        await MetricsShowAsync(server, @"releasegate_review_verdicts_total\{[^}]*role=""reviewer""[^}]*verdict=""fail""[^}]*\} \d+");

        var (_, approved) = await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "reviews are clean" });
        Assert.Equal("approved", Http.Verdict(approved!));
        (status, var shipped) = await ci.PostJsonAsync($"api/v1/releases/{id}/ship", new { });
        Assert.Equal(200, status);
        Assert.Equal("shipped", Http.Verdict(shipped!));

        // Items of a shipped release are no one's work any more.
        (status, _) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.Equal(204, status);
    }

    [DatabaseFact]
    public async Task Reviews_are_blind_one_person_counts_once_and_an_item_is_never_handed_out_past_its_k()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        using var rob = server.Client(await server.UserAsync("rob", ["experts"], "review"));
        using var ray = server.Client(await server.UserAsync("ray", ["experts"], "review"));
        await server.RegisterGateAsync(Gate());
        var id = await ci.SubmitAsync(Samples.Manifest());
        await ci.EvidenceAsync(id, Samples.Results(8));

        var (_, a) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        var (_, b) = await rob.PostJsonAsync("api/v1/reviews/next", new { });
        var (_, c) = await ray.PostJsonAsync("api/v1/reviews/next", new { });
        var item = a!["item"]!["id"]!.GetValue<long>();
        Assert.Equal(item, b!["item"]!["id"]!.GetValue<long>());        // k = 2: a second reviewer gets the same item
        Assert.NotEqual(item, c!["item"]!["id"]!.GetValue<long>());     // a third does not

        // Ray holds no reservation of the item, whose two places Rita and Rob hold: his verdict is refused at once.
        var (status, given) = await ray.PostJsonAsync($"api/v1/reviews/{item}/verdicts", new { verdict = "pass", comment = "looks fine" });
        Assert.Equal(409, status);
        Assert.Equal("RG1653", Http.Code(given));

        (status, given) = await rita.PostJsonAsync($"api/v1/reviews/{item}/verdicts", new { verdict = "fail", severity = "high", comment = "made up a refund window" });
        Assert.True(status == 200, given?.ToJsonString());

        // Rob has not judged yet: he sees no verdict; Rita, who has, sees hers.
        var (_, robsView) = await rob.GetJsonAsync($"api/v1/reviews/{item}");
        Assert.Null(robsView!["verdicts"]);
        Assert.Equal(1, robsView["verdict_count"]!.GetValue<int>());
        var (_, ritasView) = await rita.GetJsonAsync($"api/v1/reviews/{item}");
        Assert.Single(ritasView!["verdicts"]!.AsArray());

        (status, var twice) = await rita.PostJsonAsync($"api/v1/reviews/{item}/verdicts", new { verdict = "pass", comment = "changed my mind" });
        Assert.Equal(409, status);
        Assert.Equal("RG1651", Http.Code(twice));

        (status, _) = await rob.PostJsonAsync($"api/v1/reviews/{item}/verdicts", new { verdict = "fail", comment = "wrong policy" });
        Assert.Equal(200, status);
        (status, var third) = await ray.PostJsonAsync($"api/v1/reviews/{item}/verdicts", new { verdict = "pass" });
        Assert.Equal(409, status);   // settled by two
        Assert.Equal("RG1650", Http.Code(third));

        (status, var bad) = await ray.PostJsonAsync($"api/v1/reviews/{c["item"]!["id"]}/verdicts", new { verdict = "fail" });
        Assert.Equal(400, status);   // a fail says why
        Assert.Equal("RG1601", Http.Code(bad));
    }

    [DatabaseFact]
    public async Task A_disputed_item_goes_to_the_adjudicator_whose_verdict_overrides_the_automated_outcome()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        using var rob = server.Client(await server.UserAsync("rob", ["experts"], "review"));
        using var judge = server.Client(await server.UserAsync("jo", ["judges"], "review"));
        await server.RegisterGateAsync(Gate());
        var id = await ci.SubmitAsync(Samples.Manifest());
        await ci.EvidenceAsync(id, Samples.Results(8));

        // Rita passes everything; Rob fails the two automated failures: those two items are disputed (one verdict each way).
        await JudgeAllAsync(rita, _ => ("pass", "fine by me"));
        await JudgeAllAsync(rob, item => Automated(item));
        var (_, release) = await ci.GetJsonAsync($"api/v1/releases/{id}");
        var review = Check(release!, "reviews/experts");
        Assert.Equal("pending", review["status"]!.GetValue<string>());
        Assert.Equal(2, review["measured"]!["awaiting_adjudication"]!.GetValue<int>());

        // Reviewers of an item do not settle it; the adjudicator group does, item by item.
        var (status, _) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.Equal(204, status);
        var settled = 0;
        while (true)
        {
            var (code, next) = await judge.PostJsonAsync("api/v1/reviews/next", new { });
            if (code == 204)
            {
                break;
            }

            Assert.True(next!["adjudication"]!.GetValue<bool>());
            Assert.NotNull(next["verdicts"]);   // an adjudicator sees the dispute
            var (s, body) = await judge.PostJsonAsync($"api/v1/reviews/{next["item"]!["id"]}/verdicts", new { verdict = "pass", comment = "the answer is acceptable" });
            Assert.True(s == 200, body?.ToJsonString());
            settled++;
        }

        Assert.Equal(2, settled);
        (_, release) = await ci.GetJsonAsync($"api/v1/releases/{id}");
        Assert.Equal("pass", Check(release!, "reviews/experts")["status"]!.GetValue<string>());
        var overrides = release!["decision"]!["overrides"]!.AsArray();
        Assert.Equal(2, overrides.Count);
        Assert.All(overrides, o => Assert.Equal("pass", o!["human"]!.GetValue<string>()));
        Assert.Contains("jo", overrides[0]!["by"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1.0, Check(release!, "evals/core/pass-rate")["measured"]!["pass_rate"]!.GetValue<double>());
    }

    [DatabaseFact]
    public async Task A_human_fail_of_an_automated_pass_blocks_and_new_evidence_resamples_with_a_ledger_entry()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        await server.RegisterGateAsync(Gate(reviewers: 1));
        var id = await ci.SubmitAsync(Samples.Manifest());
        await ci.EvidenceAsync(id, Samples.Results(8));

        // Every sampled item judged a failure, the two sampled passes among them: 6 of 10 pass, below the gate's 70%.
        await JudgeAllAsync(rita, _ => ("fail", "does not answer the question"));
        Assert.Equal("blocked", await ci.VerdictAsync(id));

        var after = await ci.EvidenceAsync(id, Samples.Results(10, suffix: "-more"));
        var review = Check(after["release"]!, "reviews/experts");
        Assert.Equal("pending", review["status"]!.GetValue<string>());
        var (_, items) = await ci.GetJsonAsync($"api/v1/reviews?release={id}&void=true");
        Assert.Equal(4, items!.AsArray().Count(i => i!["state"]!.GetValue<string>() == "void"));
        (_, items) = await ci.GetJsonAsync($"api/v1/reviews?release={id}");
        Assert.Equal(7, items!.AsArray().Count);   // the current sample, without the voided items
        var (_, ledger) = await ci.GetJsonAsync("api/v1/ledger?limit=1000");
        var sampled = ledger!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "review.sampled").ToList();
        // Sampled at submission (no evidence, no item), on the first evidence and on the second.
        Assert.Equal([0, 4, 7], sampled.Select(e => e!["payload"]!["items"]!.GetValue<int>()));
        Assert.Equal(4, sampled[^1]!["payload"]!["voided"]!.GetValue<int>());
    }

    [DatabaseFact]
    public async Task Judge_uncertain_cases_are_sampled_from_the_stored_lines_with_their_judges_reasoning()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        var gate = Gate(reviewers: 1).Replace("sample: { failures: all, passing: 0.25, min: 3 }", "sample: { failures: 0, passing: 0, judge_band: 0.05 }", StringComparison.Ordinal);
        Assert.Equal(200, (int)(await server.RegisterGateAsync(gate)).StatusCode);
        var id = await ci.SubmitAsync(Samples.Manifest());

        // Ten passing cases judged by a rubric with threshold 0.7: c3 scored 0.72 and c7 0.68 (within 0.05 of it), the rest 0.95.
        var lines = string.Concat(Enumerable.Range(0, 10).Select(i =>
        {
            var score = i switch { 3 => "0.72", 7 => "0.68", _ => "0.95" };
            return $$"""{"suite":"core","case":"c{{i}}","pass":true,"output":"answer {{i}}","assertions":[{"type":"llm-rubric","pass":true,"score":{{score}},"threshold":0.7,"reason":"the judge: polite, cites the policy"}]}""" + "\n";
        }));
        await ci.EvidenceAsync(id, lines);
        var (_, items) = await ci.GetJsonAsync($"api/v1/reviews?release={id}");
        Assert.Equal(["c3", "c7"], items!.AsArray().Select(i => i!["case"]!.GetValue<string>()).Order());
        Assert.All(items.AsArray(), i => Assert.Equal("judge", i!["reason"]!.GetValue<string>()));

        var (_, next) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        var line = next!["candidate"]!.AsArray().Single()!;
        Assert.Equal("the judge: polite, cites the policy", line["assertions"]![0]!["reason"]!.GetValue<string>());
        Assert.Empty(next["baseline"]!.AsArray());
    }

    [DatabaseFact]
    public async Task A_gate_change_that_moves_a_review_to_another_group_resamples_its_items_for_that_group()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        using var sue = server.Client(await server.UserAsync("sue", ["seniors"], "review"));
        await server.RegisterGateAsync(Gate(reviewers: 1));
        var id = await ci.SubmitAsync(Samples.Manifest());
        await ci.EvidenceAsync(id, Samples.Results(8));
        var (_, taken) = await rita.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.Equal(200, (await rita.PostJsonAsync($"api/v1/reviews/{taken!["item"]!["id"]}/verdicts", new { verdict = "pass" })).Status);

        // The same evidence, the review now done by seniors: Rita's verdict was given for another definition and no longer counts.
        Assert.Equal(200, (int)(await server.RegisterGateAsync(Gate(reviewers: 1).Replace("group: experts", "group: seniors", StringComparison.Ordinal))).StatusCode);
        var (_, release) = await ci.GetJsonAsync($"api/v1/releases/{id}");
        var review = Check(release!, "reviews/experts");
        Assert.Equal("pending", review["status"]!.GetValue<string>());
        Assert.Equal(0, review["measured"]!["settled"]!.GetValue<int>());
        Assert.DoesNotContain(release!["decision"]!["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("not the sample", StringComparison.Ordinal));
        var (_, items) = await ci.GetJsonAsync($"api/v1/reviews?release={id}");
        Assert.Equal(4, items!.AsArray().Count);
        Assert.All(items.AsArray(), i => Assert.Equal("seniors", i!["group"]!.GetValue<string>()));
        Assert.Equal(204, (await rita.PostJsonAsync("api/v1/reviews/next", new { })).Status);
        Assert.Equal(4, await JudgeAllAsync(sue, item => Automated(item)));
        (_, release) = await ci.GetJsonAsync($"api/v1/releases/{id}");
        Assert.Equal("pass", Check(release!, "reviews/experts")["status"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Review_items_voided_outside_ReleaseGate_leave_the_reviews_pending_and_the_decision_says_why()
    {
        var database = await DatabaseAsync();
        await using var server = await TestServer.StartAsync(database: database);
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var rita = server.Client(await server.UserAsync("rita", ["experts"], "review"));
        await server.RegisterGateAsync(Gate(reviewers: 1));
        var id = await ci.SubmitAsync(Samples.Manifest());
        await ci.EvidenceAsync(id, Samples.Results(8));
        var (_, items) = await ci.GetJsonAsync($"api/v1/reviews?release={id}");
        var dropped = items!.AsArray()[0]!["id"]!.GetValue<long>();

        // Someone with access to the database, not to ReleaseGate, drops an item from the sample.
        await ServerDatabase.ExecuteRawAsync(server.Database, $"UPDATE review_items SET state = 'void' WHERE id = {dropped}");
        Assert.Equal(3, await JudgeAllAsync(rita, item => Automated(item)));
        var (_, release) = await ci.GetJsonAsync($"api/v1/releases/{id}");
        Assert.Equal("pending", Check(release!, "reviews/experts")["status"]!.GetValue<string>());
        Assert.Contains(release!["decision"]!["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("not the sample the ledger recorded", StringComparison.Ordinal));
    }

    /// <summary>
    /// Scrapes <c>/metrics</c> until a line matches <paramref name="pattern"/>, for at most twenty seconds: on a machine busy
    /// with other test processes the exporter's collection has been seen to lag a five-second window.
    /// </summary>
    private static async Task MetricsShowAsync(TestServer server, string pattern)
    {
        using var anonymous = server.Client();
        var metrics = "";
        for (var i = 0; i < 200 && !System.Text.RegularExpressions.Regex.IsMatch(metrics, pattern); i++)
        {
            await Task.Delay(i == 0 ? 0 : 100);
            metrics = await anonymous.GetStringAsync("metrics");
        }

        Assert.Matches(pattern, metrics);
    }

    /// <summary>Takes and judges items until the queue is empty; returns how many were judged.</summary>
    internal static async Task<int> JudgeAllAsync(HttpClient reviewer, Func<JsonNode, (string Verdict, string Comment)> judge)
    {
        var judged = 0;
        while (true)
        {
            var (status, next) = await reviewer.PostJsonAsync("api/v1/reviews/next", new { });
            if (status == 204)
            {
                return judged;
            }

            Assert.True(status == 200, next?.ToJsonString());
            var (verdict, comment) = judge(next!);
            var (s, body) = await reviewer.PostJsonAsync($"api/v1/reviews/{next!["item"]!["id"]}/verdicts", new { verdict, comment });
            Assert.True(s == 200, body?.ToJsonString());
            judged++;
        }
    }

    /// <summary>A verdict that agrees with the automated outcome of the item's candidate lines.</summary>
    internal static (string, string) Automated(JsonNode item) =>
        item["candidate"]!.AsArray().All(l => l!["pass"]?.GetValue<bool>() == true) ? ("pass", "correct") : ("fail", "wrong answer");

    internal static JsonNode Check(JsonNode release, string check) =>
        release["decision"]!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == check)!;
}

/// <summary>The review workforce on the embedded SQLite store.</summary>
[Collection(MetricsCollection.Name)]
public sealed class SqliteReviewTests : ReviewTests
{
    private protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}

/// <summary>The review workforce on PostgreSQL, and reviewers on two instances of one database at once.</summary>
[Collection(MetricsCollection.Name)]
public sealed class PostgresReviewTests : ReviewTests
{
    private protected override async Task<string?> DatabaseAsync() => await ServerDatabase.CreatePostgresAsync();

    [DatabaseFact]
    public async Task Twenty_reviewers_on_two_instances_judge_every_item_exactly_k_times()
    {
        var db = await ServerDatabase.CreatePostgresAsync();
        await using var a = await TestServer.StartAsync(database: db);
        await using var b = await TestServer.JoinAsync(a);
        using var ci = a.Client(await a.UserAsync("ci", [], "submit"));
        var big = Gate().Replace("passing: 0.25, min: 3", "passing: 1, min: 3", StringComparison.Ordinal);
        await a.RegisterGateAsync(big);
        var id = await ci.SubmitAsync(Samples.Manifest());
        var lines = string.Concat(Enumerable.Range(0, 60).Select(i => $$"""{"suite":"core","case":"c{{i}}","pass":{{(i % 10 == 0 ? "false" : "true")}}}""" + "\n"));
        await ci.EvidenceAsync(id, lines);

        var reviewers = new List<HttpClient>();
        for (var i = 0; i < 20; i++)
        {
            var server = i % 2 == 0 ? a : b;
            reviewers.Add(server.Client(await a.UserAsync($"r{i}", ["experts"], "review")));
        }

        var counts = await Task.WhenAll(reviewers.Select(r => JudgeAllAsync(r, item => Automated(item))));
        Assert.Equal(120, counts.Sum());
        var (_, items) = await ci.GetJsonAsync($"api/v1/reviews?release={id}");
        Assert.Equal(60, items!.AsArray().Count);
        Assert.All(items.AsArray(), i => Assert.Equal(2, i!["verdicts"]!.GetValue<int>()));
        Assert.Equal("pass", Check((await ci.GetJsonAsync($"api/v1/releases/{id}")).Body!, "reviews/experts")["status"]!.GetValue<string>());
        foreach (var r in reviewers)
        {
            r.Dispose();
        }
    }
}
