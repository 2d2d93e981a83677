using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Tests;

/// <summary>The decision lifecycle end to end over real HTTP: evidence, approvals, rejections, waivers, shipping.</summary>
public class LifecycleTests
{
    [Fact]
    public async Task A_release_goes_from_blocked_to_pending_to_approved_to_shipped_and_becomes_the_baseline()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit", "review");
        var lead = await server.UserAsync("lena", ["leads"], "approve");
        var gov1 = await server.UserAsync("gus", ["governance"], "approve");
        var gov2 = await server.UserAsync("gia", ["governance"], "approve");
        Assert.Equal(200, (int)(await server.RegisterGateAsync(Samples.Gate())).StatusCode);
        using var submitter = server.Client(ci);

        var id = await submitter.SubmitAsync(Samples.Manifest());
        Assert.Equal("blocked", await submitter.VerdictAsync(id));   // no results yet: fail closed

        var afterEvidence = await submitter.EvidenceAsync(id, Samples.Results(9));
        Assert.Equal("pending", Http.Verdict(afterEvidence["release"]!));

        using var lena = server.Client(lead);
        var (status, body) = await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "looks right" });
        Assert.Equal(200, status);
        Assert.Equal("pending", Http.Verdict(body!));

        using var gus = server.Client(gov1);
        (status, body) = await gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "ok" });
        Assert.Equal(200, status);
        Assert.Equal("pending", Http.Verdict(body!));   // 1 of 2
        var governance = body!["decision"]!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "approvals/governance")!;
        Assert.Contains("1 of 2", governance["summary"]!.GetValue<string>());

        using var gia = server.Client(gov2);
        (status, body) = await gia.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "ok too" });
        Assert.Equal(200, status);
        Assert.Equal("approved", Http.Verdict(body!));

        (status, body) = await submitter.PostJsonAsync($"api/v1/releases/{id}/ship", new { });
        Assert.Equal(200, status);
        Assert.Equal("shipped", Http.Verdict(body!));
        var (_, workflow) = await submitter.GetJsonAsync("api/v1/workflows/demo");
        Assert.Equal(id, workflow!["baseline_release_id"]!.GetValue<long>());

        // Every change of decision is recorded, in order: each approval changes a check even where the verdict stays.
        var (_, history) = await submitter.GetJsonAsync($"api/v1/releases/{id}/decisions");
        var verdicts = history!.AsArray().Select(d => d!["verdict"]!.GetValue<string>()).ToArray();
        Assert.Equal(["blocked", "pending", "pending", "pending", "approved", "shipped"], verdicts);

        // The next release is compared with the shipped one.
        var next = await submitter.SubmitAsync(Samples.Manifest("1.1.0"));
        var (_, decision) = await submitter.GetJsonAsync($"api/v1/releases/{next}/decision");
        Assert.Equal("1.0.0", decision!["baseline"]!["version"]!.GetValue<string>());

        var (_, verify) = await submitter.GetJsonAsync("api/v1/ledger/verify");
        Assert.True(verify!["intact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Evidence_that_arrives_after_an_approval_invalidates_it_and_the_approver_must_approve_again()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        var lead = await server.UserAsync("lena", ["leads"], "approve");
        await server.RegisterGateAsync(Samples.Gate(governanceCount: 1));
        var gov = await server.UserAsync("gus", ["governance"], "approve");
        using var submitter = server.Client(ci);
        using var lena = server.Client(lead);
        using var gus = server.Client(gov);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(10));
        await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" });
        var (_, approved) = await gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "ok" });
        Assert.Equal("approved", Http.Verdict(approved!));

        // New evidence: the decision rests on something the approvers have not seen.
        var after = await submitter.EvidenceAsync(id, Samples.Results(10, suffix: "-extra"));
        Assert.Equal("pending", Http.Verdict(after["release"]!));
        var (_, approvals) = await submitter.GetJsonAsync($"api/v1/releases/{id}/approvals");
        Assert.All(approvals!.AsArray(), a => Assert.True(a!["invalidated"]!.GetValue<bool>()));
        var (_, ledger) = await submitter.GetJsonAsync($"api/v1/ledger?subject=release/demo/{id}");
        Assert.Contains(ledger!.AsArray(), e => e!["type"]!.GetValue<string>() == "approvals.invalidated" && e["payload"]!["count"]!.GetValue<int>() == 2);

        // Approving again on the new evidence counts.
        await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "still ok" });
        var (status, again) = await gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "still ok" });
        Assert.Equal(200, status);
        Assert.Equal("approved", Http.Verdict(again!));
    }

    [Fact]
    public async Task A_submitter_cannot_approve_their_own_release()
    {
        await using var server = await TestServer.StartAsync();
        var both = await server.UserAsync("sam", ["leads"], "submit", "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var sam = server.Client(both);
        var id = await sam.SubmitAsync(Samples.Manifest());

        var (status, problem) = await sam.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "mine, so fine" });

        Assert.Equal(403, status);
        Assert.Equal("RG1610", Http.Code(problem));
        var (_, approvals) = await sam.GetJsonAsync($"api/v1/releases/{id}/approvals");
        Assert.Empty(approvals!.AsArray());
    }

    [Fact]
    public async Task One_person_counts_once_in_a_k_of_n_stage()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        var gov = await server.UserAsync("gus", ["governance"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        using var gus = server.Client(gov);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(10));

        var (first, _) = await gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "yes" });
        var (second, problem) = await gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "yes, twice" });

        Assert.Equal(200, first);
        Assert.Equal(409, second);
        Assert.Equal("RG1611", Http.Code(problem));
        var (_, decision) = await gus.GetJsonAsync($"api/v1/releases/{id}/decision");
        var stage = decision!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "approvals/governance")!;
        Assert.Equal("pending", stage["status"]!.GetValue<string>());
        Assert.Equal(1, stage["measured"]!["approvals"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_rejection_ends_the_release()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        var lead = await server.UserAsync("lena", ["leads"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        using var lena = server.Client(lead);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(10));

        var (status, body) = await lena.PostJsonAsync($"api/v1/releases/{id}/rejections", new { stage = "product", comment = "the tone is wrong" });
        Assert.Equal(200, status);
        Assert.Equal("rejected", Http.Verdict(body!));

        var (late, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence", TestServer.Jsonl(Samples.Results(10, "-more")));
        Assert.Equal(409, late);
        Assert.Equal("RG1612", Http.Code(problem));
        var (ship, shipProblem) = await submitter.PostJsonAsync($"api/v1/releases/{id}/ship", new { });
        Assert.Equal(409, ship);
        Assert.Equal("RG1612", Http.Code(shipProblem));
    }

    [Fact]
    public async Task Only_an_approved_release_ships()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());

        var (status, problem) = await submitter.PostJsonAsync($"api/v1/releases/{id}/ship", new { });

        Assert.Equal(409, status);
        Assert.Equal("RG1613", Http.Code(problem));
        var (_, workflow) = await submitter.GetJsonAsync("api/v1/workflows/demo");
        Assert.Null(workflow!["baseline_release_id"]);
    }

    [Fact]
    public async Task A_waiver_excuses_a_failing_check_until_it_is_revoked()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        var gov = await server.UserAsync("gus", ["governance"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        using var gus = server.Client(gov);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        var blocked = await submitter.EvidenceAsync(id, Samples.Results(5));
        Assert.Equal("blocked", Http.Verdict(blocked["release"]!));

        var (granted, waiver) = await gus.PostJsonAsync("api/v1/workflows/demo/waivers",
            new { check = "evals/core/pass-rate", release = "1.0.0", reason = "known flaky judge, fixed next week", expires = DateTimeOffset.UtcNow.AddDays(3) });
        Assert.Equal(201, granted);
        Assert.Equal("pending", await submitter.VerdictAsync(id));

        var (revoked, _) = await gus.PostJsonAsync($"api/v1/waivers/{waiver!["id"]}/revoke", new { reason = "the fix slipped" });
        Assert.Equal(200, revoked);
        Assert.Equal("blocked", await submitter.VerdictAsync(id));
    }

    [Fact]
    public async Task A_waiver_longer_than_the_gate_allows_is_refused_and_nothing_is_written()
    {
        await using var server = await TestServer.StartAsync();
        var gov = await server.UserAsync("gus", ["governance"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var gus = server.Client(gov);

        var (status, problem) = await gus.PostJsonAsync("api/v1/workflows/demo/waivers",
            new { check = "evals/core/pass-rate", reason = "long", expires = DateTimeOffset.UtcNow.AddDays(30) });

        Assert.Equal(400, status);
        Assert.Equal("RG1614", Http.Code(problem));
        Assert.Contains("max_duration", problem!["detail"]!.GetValue<string>());
        var (_, waivers) = await gus.GetJsonAsync("api/v1/workflows/demo/waivers");
        Assert.Empty(waivers!.AsArray());
    }

    [Fact]
    public async Task Approving_a_stage_the_gate_does_not_have_is_refused_with_the_stages_that_apply()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        var lead = await server.UserAsync("lena", ["leads"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        using var lena = server.Client(lead);

        var (status, problem) = await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "prodcut", comment = "typo" });

        Assert.Equal(400, status);
        Assert.Equal("RG1621", Http.Code(problem));
        Assert.Contains("product, governance", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approving_outside_the_stage_group_is_forbidden()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        var lead = await server.UserAsync("lena", ["leads"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        using var lena = server.Client(lead);

        var (status, problem) = await lena.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "not mine to give" });

        Assert.Equal(403, status);
        Assert.Equal("RG1609", Http.Code(problem));
    }

    [Fact]
    public async Task The_decision_json_names_the_gate_release_and_evidence_digests()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        var stored = await submitter.EvidenceAsync(id, Samples.Results(9));

        var (_, decision) = await submitter.GetJsonAsync($"api/v1/releases/{id}/decision");

        var (_, workflow) = await submitter.GetJsonAsync("api/v1/workflows/demo");
        Assert.Equal(workflow!["gate_digest"]!.GetValue<string>(), decision!["gate"]!["digest"]!.GetValue<string>());
        Assert.Equal(stored["digest"]!.GetValue<string>(), decision["evidence"]!["candidate"]![0]!.GetValue<string>());
        Assert.StartsWith("sha256:", decision["release"]!["digest"]!.GetValue<string>());
        Assert.StartsWith("sha256:", decision["evidence_digest"]!.GetValue<string>());
        Assert.Equal("array", JsonValueKind(decision["checks"]));
    }

    private static string JsonValueKind(JsonNode? node) => node?.GetValueKind().ToString().ToLowerInvariant() ?? "null";
}
