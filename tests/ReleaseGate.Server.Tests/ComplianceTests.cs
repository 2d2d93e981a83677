using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Operations;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Tests;

/// <summary>
/// Compliance runs, findings, escalation and waiver expiry under an injected clock (issue 20): the scheduler is switched off and
/// its tick is called by the test, so that every due time is exact. SQLite: on PostgreSQL the server reads the database's
/// clock, which a test cannot move (the PostgreSQL tests below use real time).
/// </summary>
public sealed class ComplianceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    /// <summary>A gate with a daily 06:00 compliance run whose one policy is violated by model 'model-old' (high, blocking).</summary>
    internal static string Gate(string schedule = "0 6 * * *", string escalate = "", string releases = "latest") => $$"""
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: high
        evals:
          - suite: core
            min_pass_rate: 0.8
        approvals:
          - { stage: product, group: leads, count: 1 }
          - stage: governance
            group: governance
            count: 1{{escalate}}
        waivers: { group: governance, max_duration: 14d }
        compliance:
          schedule: "{{schedule}}"
          releases: {{releases}}
          block: [high]
          policies:
            - id: supported-model
              rule: "release.model != 'model-old'"
              severity: high
              owner: governance
              message: the model is deprecated
            - id: card-present
              rule: "'model-card' in release.attachments || true"
              severity: low
              owner: leads
        """;

    private static string Manifest(string version, string model) => $"""
        apiVersion: releasegate/v1
        kind: Release
        workflow: demo
        version: "{version}"
        components:
          model: {model}
        """;

    private sealed record People(HttpClient Ci, HttpClient Lena, HttpClient Gus, HttpClient Cto) : IDisposable
    {
        public void Dispose()
        {
            Ci.Dispose();
            Lena.Dispose();
            Gus.Dispose();
            Cto.Dispose();
        }
    }

    private static async Task<People> PeopleAsync(TestServer server) => new(
        server.Client(await server.UserAsync("ci", [], "submit")),
        server.Client(await server.UserAsync("lena", ["leads"], "approve")),
        server.Client(await server.UserAsync("gus", ["governance"], "approve")),
        server.Client(await server.UserAsync("cleo", ["cto-office"], "approve")));

    /// <summary>Submits, approves and ships a release with model <paramref name="model"/>.</summary>
    private static async Task<long> ShipAsync(People p, string version, string model)
    {
        var id = await p.Ci.SubmitAsync(Manifest(version, model));
        await p.Ci.EvidenceAsync(id, Samples.Results(10));
        Assert.Equal(200, (await p.Lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" })).Status);
        Assert.Equal(200, (await p.Gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "ok" })).Status);
        var (status, body) = await p.Ci.PostJsonAsync($"api/v1/releases/{id}/ship", new { });
        Assert.True(status == 200, body?.ToJsonString());
        return id;
    }

    private static Task<SchedulerTick> TickAsync(TestServer server) =>
        server.App.Services.GetRequiredService<Scheduler>().TickAsync(CancellationToken.None);

    private static JsonNode Check(JsonNode decision, string id) =>
        decision["checks"]!.AsArray().First(c => c!["id"]!.GetValue<string>() == id)!;

    [Fact]
    public async Task A_scheduled_run_happens_at_its_due_time_once_and_missed_runs_are_caught_up_once()
    {
        var clock = new ManualClock(Monday);
        await using var server = await TestServer.StartAsync(o => o.Scheduler.Enabled = false, time: clock);
        using var p = await PeopleAsync(server);
        Assert.True((await server.RegisterGateAsync(Gate())).IsSuccessStatusCode);
        await ShipAsync(p, "1.0.0", "model-new");

        Assert.Empty((await TickAsync(server)).Runs);   // 05:00: not due

        clock.Set(Monday.AddHours(1).AddSeconds(1));
        var run = Assert.Single((await TickAsync(server)).Runs);
        Assert.Equal(Monday.AddHours(1), run.ScheduledFor);
        Assert.Equal((1, 2, 0, 0), (run.Releases, run.Policies, run.Opened, run.Violations));
        Assert.Empty((await TickAsync(server)).Runs);   // the same due time runs once

        // Three days down: the runs of Tuesday, Wednesday and Thursday collapse into one, for Thursday.
        clock.Set(Monday.AddDays(3).AddHours(2));
        run = Assert.Single((await TickAsync(server)).Runs);
        Assert.Equal(Monday.AddDays(3).AddHours(1), run.ScheduledFor);
        Assert.Empty((await TickAsync(server)).Runs);

        var (_, runs) = await p.Ci.GetJsonAsync("api/v1/compliance/runs?workflow=demo");
        Assert.Equal(2, runs!.AsArray().Count);
        Assert.All(runs.AsArray(), r => Assert.Equal("schedule", r!["trigger"]!.GetValue<string>()));
        var ledger = await server.Store.ListLedgerBySubjectAsync("workflow/demo");
        Assert.Equal(2, ledger.Count(e => e.Type == LedgerEvents.ComplianceRun));
    }

    [Fact]
    public async Task A_violation_opens_one_finding_that_blocks_new_releases_until_resolved_and_every_change_is_in_the_ledger()
    {
        var clock = new ManualClock(Monday);
        await using var server = await TestServer.StartAsync(o => o.Scheduler.Enabled = false, time: clock);
        using var p = await PeopleAsync(server);
        await server.RegisterGateAsync(Gate());
        var shipped = await ShipAsync(p, "1.0.0", "model-old");

        // A release waiting for approvals when the finding opens is decided again at once.
        var next = await p.Ci.SubmitAsync(Manifest("1.1.0", "model-new"));
        await p.Ci.EvidenceAsync(next, Samples.Results(10));
        Assert.Equal("pending", await p.Ci.VerdictAsync(next));

        clock.Set(Monday.AddHours(1).AddMinutes(1));
        var run = Assert.Single((await TickAsync(server)).Runs);
        Assert.Equal(1, run.Opened);
        var (_, findings) = await p.Ci.GetJsonAsync("api/v1/compliance/findings?workflow=demo&state=open");
        var finding = Assert.Single(findings!.AsArray())!;
        Assert.Equal("supported-model", finding["policy"]!.GetValue<string>());
        Assert.Equal(shipped, finding["release"]!.GetValue<long>());
        Assert.True(finding["blocks_new_releases"]!.GetValue<bool>());
        Assert.Equal("blocked", await p.Ci.VerdictAsync(next));
        var (_, decision) = await p.Ci.GetJsonAsync($"api/v1/releases/{next}/decision");
        var check = Check(decision!, "compliance/findings");
        Assert.Equal("fail", check["status"]!.GetValue<string>());
        Assert.Contains("supported-model", check["summary"]!.GetValue<string>());

        // The next run finds the same violation: no second finding.
        clock.Set(Monday.AddDays(1).AddHours(1).AddMinutes(1));
        run = Assert.Single((await TickAsync(server)).Runs);
        Assert.Equal((0, 1), (run.Opened, run.Violations));

        // Only the owner group acts on it; acknowledging does not unblock.
        var id = finding["id"]!.GetValue<long>();
        var (status, problem) = await p.Lena.PostJsonAsync($"api/v1/compliance/findings/{id}/acknowledge", new { note = "not mine" });
        Assert.Equal(403, status);
        (status, problem) = await p.Gus.PostJsonAsync($"api/v1/compliance/findings/{id}/acknowledge", new { note = "" });
        Assert.Equal(400, status);
        (status, var acked) = await p.Gus.PostJsonAsync($"api/v1/compliance/findings/{id}/acknowledge", new { note = "moving to model-new this week" });
        Assert.True(status == 200, acked?.ToJsonString());
        Assert.Equal("acknowledged", acked!["state"]!.GetValue<string>());
        Assert.Equal("blocked", await p.Ci.VerdictAsync(next));
        (status, problem) = await p.Gus.PostJsonAsync($"api/v1/compliance/findings/{id}/acknowledge", new { note = "again" });
        Assert.Equal(409, status);
        Assert.Equal("RG1671", Http.Code(problem));

        // Whoever waits on a release the finding blocks does not lift the block themselves.
        using (var sue = server.Client(await server.UserAsync("sue", ["governance"], "submit", "approve")))
        {
            await sue.SubmitAsync(Manifest("1.2.0", "model-new"));
            (status, problem) = await sue.PostJsonAsync($"api/v1/compliance/findings/{id}/resolve", new { note = "mine can go" });
            Assert.Equal(403, status);
            Assert.Contains("cannot resolve it", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        (status, var resolved) = await p.Gus.PostJsonAsync($"api/v1/compliance/findings/{id}/resolve", new { note = "accepted until 1.1.0 ships" });
        Assert.Equal(200, status);
        Assert.Equal("resolved", resolved!["state"]!.GetValue<string>());
        Assert.Equal("pending", await p.Ci.VerdictAsync(next));   // decided again at the resolution, not at its next event

        // Still violated: the next run opens a new finding.
        clock.Set(Monday.AddDays(2).AddHours(1).AddMinutes(1));
        run = Assert.Single((await TickAsync(server)).Runs);
        Assert.Equal(1, run.Opened);
        Assert.Equal("blocked", await p.Ci.VerdictAsync(next));

        var entries = (await server.Store.ListLedgerBySubjectAsync($"release/demo/{shipped}")).Select(e => e.Type).ToList();
        Assert.Equal(2, entries.Count(t => t == LedgerEvents.FindingOpened));
        Assert.Single(entries, LedgerEvents.FindingAcknowledged);
        Assert.Single(entries, LedgerEvents.FindingResolved);

        // Every recorded decision follows from what it names, the findings included.
        var lifecycle = server.App.Services.GetRequiredService<ReleaseLifecycle>();
        await foreach (var again in lifecycle.RederiveAllAsync(server.Store, CancellationToken.None))
        {
            Assert.True(again.Failure is null, again.Failure);
            if (again.Again is { } outcome)
            {
                Assert.Equal(DecisionOutcome.Substance(again.Recorded.DecisionJson), DecisionOutcome.Substance(outcome.ToJson(again.Release.Id)));
            }
        }
    }

    [Fact]
    public async Task A_finding_is_resolved_by_hand_and_a_run_over_the_latest_shipped_release_finds_nothing_more()
    {
        await using var server = await TestServer.StartAsync(o => o.Scheduler.Enabled = false, time: new ManualClock(Monday));
        await ManualRunsAsync(server);
    }

    /// <summary>
    /// Manual runs, a finding that blocks the fix until it is resolved by hand, and a run over the fix, once shipped, that finds
    /// nothing: on real time, so that the PostgreSQL tests run it too.
    /// </summary>
    internal static async Task ManualRunsAsync(TestServer server)
    {
        using var p = await PeopleAsync(server);
        await server.RegisterGateAsync(Gate());
        await ShipAsync(p, "1.0.0", "model-old");
        var (status, run) = await p.Gus.PostJsonAsync("api/v1/workflows/demo/compliance/runs", new { });
        Assert.True(status == 201, run?.ToJsonString());
        Assert.Equal("manual", run!["trigger"]!.GetValue<string>());
        Assert.Equal(1, run["opened"]!.GetValue<int>());

        // The finding blocks the fix; it is resolved by hand, and the fix ships.
        var fix = await p.Ci.SubmitAsync(Manifest("1.1.0", "model-new"));
        await p.Ci.EvidenceAsync(fix, Samples.Results(10));
        Assert.Equal("blocked", await p.Ci.VerdictAsync(fix));
        var (_, findings) = await p.Ci.GetJsonAsync("api/v1/compliance/findings?workflow=demo&state=unresolved");
        var id = findings![0]!["id"]!.GetValue<long>();
        (status, var resolved) = await p.Gus.PostJsonAsync($"api/v1/compliance/findings/{id}/resolve", new { note = "1.1.0 replaces the deprecated model" });
        Assert.True(status == 200, resolved?.ToJsonString());
        Assert.Equal("pending", await p.Ci.VerdictAsync(fix));
        await p.Lena.PostJsonAsync($"api/v1/releases/{fix}/approvals", new { stage = "product", comment = "ok" });
        await p.Gus.PostJsonAsync($"api/v1/releases/{fix}/approvals", new { stage = "governance", comment = "ok" });
        Assert.Equal(200, (await p.Ci.PostJsonAsync($"api/v1/releases/{fix}/ship", new { })).Status);

        // Only the latest shipped release is monitored: the run finds nothing.
        (_, run) = await p.Gus.PostJsonAsync("api/v1/workflows/demo/compliance/runs", new { });
        Assert.Equal((1, 0, 0), (run!["releases"]!.GetValue<int>(), run["violations"]!.GetValue<int>(), run["opened"]!.GetValue<int>()));

        // A member of no owner group cannot start a run, and a gate without compliance has none to run.
        (status, _) = await p.Ci.PostJsonAsync("api/v1/workflows/demo/compliance/runs", new { });
        Assert.Equal(403, status);
        var ledger = (await server.Store.ListLedgerBySubjectAsync("workflow/demo")).Where(e => e.Type == LedgerEvents.ComplianceRun).ToList();
        Assert.Equal(2, ledger.Count);
        Assert.True((await server.Store.VerifyLedgerAsync()).IsIntact);
    }

    [Fact]
    public async Task A_stage_pending_past_its_escalation_is_escalated_once_per_level_and_the_group_it_went_to_may_approve()
    {
        var clock = new ManualClock(Monday);
        await using var server = await TestServer.StartAsync(o => o.Scheduler.Enabled = false, time: clock);
        using var p = await PeopleAsync(server);
        await server.RegisterGateAsync(Gate(escalate: "\n    escalate: { after: 48h, to: cto-office, every: 24h }"));
        var id = await p.Ci.SubmitAsync(Manifest("1.0.0", "model-new"));
        await p.Ci.EvidenceAsync(id, Samples.Results(10));
        await p.Lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" });

        // Not yet escalated: the CTO office may not approve.
        var (status, problem) = await p.Cto.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "taking it" });
        Assert.Equal(403, status);

        clock.Set(Monday.AddHours(47));
        Assert.Empty((await TickAsync(server)).Escalations);
        clock.Set(Monday.AddHours(48).AddMinutes(1));
        var escalation = Assert.Single((await TickAsync(server)).Escalations);
        Assert.Equal(("stage", "governance", "cto-office", 1), (escalation.Kind, escalation.Target, escalation.ToGroup, escalation.Level));
        Assert.Empty((await TickAsync(server)).Escalations);

        var (_, decision) = await p.Ci.GetJsonAsync($"api/v1/releases/{id}/decision");
        var check = Check(decision!, "approvals/governance");
        Assert.Equal("pending", check["status"]!.GetValue<string>());
        Assert.Contains("escalated to cto-office", check["summary"]!.GetValue<string>());
        Assert.Equal("cto-office", check["measured"]!["escalated"]!["to"]!.GetValue<string>());
        Assert.Single(await server.Store.ListLedgerBySubjectAsync($"release/demo/{id}"), e => e.Type == LedgerEvents.Escalated);

        clock.Set(Monday.AddHours(72).AddMinutes(1));
        Assert.Equal(2, Assert.Single((await TickAsync(server)).Escalations).Level);

        (status, var approved) = await p.Cto.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "approved for the CTO office" });
        Assert.True(status == 200, approved?.ToJsonString());
        Assert.Equal("approved", Http.Verdict(approved!));
        check = Check(approved!["decision"]!, "approvals/governance");
        Assert.Contains("The stage was escalated to cto-office", check["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, check["measured"]!["escalated"]!["level"]!.GetValue<int>());

        // New evidence voids the approvals: the stage waits anew, and the old escalation gives the CTO office nothing.
        clock.Set(Monday.AddHours(80));
        await p.Ci.EvidenceAsync(id, Samples.Results(10, "-b"));
        await p.Lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok again" });
        (status, problem) = await p.Cto.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "still mine?" });
        Assert.Equal(403, status);
        (_, decision) = await p.Ci.GetJsonAsync($"api/v1/releases/{id}/decision");
        Assert.DoesNotContain("escalated", Check(decision!, "approvals/governance")["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        // ...until it has waited 48 hours again: a new waiting period escalates from level 1.
        clock.Set(Monday.AddHours(80 + 49));
        Assert.Equal(1, Assert.Single((await TickAsync(server)).Escalations).Level);
        (status, approved) = await p.Cto.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "approved again" });
        Assert.True(status == 200, approved?.ToJsonString());

        var lifecycle = server.App.Services.GetRequiredService<ReleaseLifecycle>();
        await foreach (var again in lifecycle.RederiveAllAsync(server.Store, CancellationToken.None))
        {
            Assert.Equal(DecisionOutcome.Substance(again.Recorded.DecisionJson), DecisionOutcome.Substance(again.Again!.ToJson(again.Release.Id)));
        }
    }

    [Fact]
    public async Task A_waiver_that_expires_re_decides_its_release_at_the_expiry()
    {
        var clock = new ManualClock(Monday);
        await using var server = await TestServer.StartAsync(o => o.Scheduler.Enabled = false, time: clock);
        using var p = await PeopleAsync(server);
        await server.RegisterGateAsync(Gate());
        var id = await p.Ci.SubmitAsync(Manifest("1.0.0", "model-new"));
        await p.Ci.EvidenceAsync(id, Samples.Results(5));
        var (granted, _) = await p.Gus.PostJsonAsync("api/v1/workflows/demo/waivers",
            new { check = "evals/core/pass-rate", release = "1.0.0", reason = "judge fixed tomorrow", expires = Monday.AddDays(1) });
        Assert.Equal(201, granted);
        Assert.Equal("pending", await p.Ci.VerdictAsync(id));

        clock.Set(Monday.AddHours(23));
        Assert.Equal(0, (await TickAsync(server)).Redecided);
        clock.Set(Monday.AddDays(1).AddSeconds(5));
        Assert.Equal(1, (await TickAsync(server)).Redecided);
        Assert.Equal(0, (await TickAsync(server)).Redecided);

        var (_, history) = await p.Ci.GetJsonAsync($"api/v1/releases/{id}/decisions");
        var last = history!.AsArray()[^1]!;
        Assert.Equal("blocked", last["verdict"]!.GetValue<string>());
        Assert.Equal("releasegate", last["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unsettled_review_item_is_escalated_and_offered_to_the_group_it_went_to()
    {
        var clock = new ManualClock(Monday);
        await using var server = await TestServer.StartAsync(o => o.Scheduler.Enabled = false, time: clock);
        using var ci = server.Client(await server.UserAsync("ci", [], "submit"));
        using var lena = server.Client(await server.UserAsync("lena", ["escalation-leads"], "review"));
        await server.RegisterGateAsync("""
            apiVersion: releasegate/v1
            kind: Gate
            workflow: demo
            evals:
              - suite: core
                min_pass_rate: 0.5
            reviews:
              - id: expert
                group: assessors
                sample: { failures: all, passing: 0.0, min: 1 }
                reviewers_per_item: 1
                escalate: { after: 24h, to: escalation-leads }
            """);
        var id = await ci.SubmitAsync(Samples.Manifest());
        await ci.EvidenceAsync(id, Samples.Results(9));
        var (next, _) = await lena.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.Equal(204, next);

        clock.Set(Monday.AddHours(24).AddMinutes(1));
        var escalation = Assert.Single((await TickAsync(server)).Escalations);
        Assert.Equal(("review_item", "escalation-leads"), (escalation.Kind, escalation.ToGroup));
        var (status, item) = await lena.PostJsonAsync("api/v1/reviews/next", new { });
        Assert.True(status == 200, item?.ToJsonString());
        var itemId = item!["item"]!["id"]!.GetValue<long>();
        (status, var given) = await lena.PostJsonAsync($"api/v1/reviews/{itemId}/verdicts", new { verdict = "fail", comment = "confirmed" });
        Assert.True(status == 200, given?.ToJsonString());
    }

    /// <summary>A clock the test sets.</summary>
    internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Set(DateTimeOffset at) => _now = at;
    }
}

/// <summary>Compliance runs and findings on PostgreSQL, on real time.</summary>
public sealed class PostgresComplianceTests
{
    [DatabaseFact]
    public async Task Manual_runs_and_findings_work_the_same_on_PostgreSQL()
    {
        await using var server = await TestServer.StartAsync(o => o.Scheduler.Enabled = false, database: await ServerDatabase.CreatePostgresAsync());
        await ComplianceTests.ManualRunsAsync(server);
    }
}
