namespace ReleaseGate.Server.Tests;

/// <summary>
/// Authority is bound to what it was given on (issue 16): approvals to the stage definition and the evidence the approver saw,
/// waivers to a release digest or a version that names one release. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class AuthorityTests
{
    /// <summary>The database for a new server: null for a SQLite file of its own.</summary>
    private protected abstract Task<string?> DatabaseAsync();

    [DatabaseFact]
    public async Task A_gate_change_that_alters_a_stage_voids_its_approvals_and_records_it_while_other_stages_keep_theirs()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        var ci = await server.UserAsync("ci", [], "submit");
        using var lead1 = server.Client(await server.UserAsync("lead1", ["leads"], "approve"));
        using var gus = server.Client(await server.UserAsync("gus", ["governance"], "approve"));
        Assert.Equal(200, (int)(await server.RegisterGateAsync(Samples.Gate(governanceCount: 1))).StatusCode);
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        await submitter.EvidenceAsync(id, Samples.Results(10));
        await lead1.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" });
        var (_, approved) = await gus.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "governance", comment = "ok" });
        Assert.Equal("approved", Http.Verdict(approved!));

        // A gate change that leaves both stages as they were keeps both approvals.
        var looser = Samples.Gate(governanceCount: 1).Replace("min_pass_rate: 0.8", "min_pass_rate: 0.7", StringComparison.Ordinal);
        Assert.Equal(200, (int)(await server.RegisterGateAsync(looser)).StatusCode);
        Assert.Equal("approved", await submitter.VerdictAsync(id));

        // The product stage now needs another group: lead1's approval no longer counts; governance's stands.
        var regrouped = looser.Replace("group: leads,", "group: product-owners,", StringComparison.Ordinal);
        Assert.Equal(200, (int)(await server.RegisterGateAsync(regrouped)).StatusCode);
        var (_, release) = await submitter.GetJsonAsync($"api/v1/releases/{id}");
        Assert.Equal("pending", Http.Verdict(release!));
        var product = release!["decision"]!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "approvals/product")!;
        Assert.Equal("pending", product["status"]!.GetValue<string>());
        Assert.DoesNotContain("lead1", product["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, approvals) = await submitter.GetJsonAsync($"api/v1/releases/{id}/approvals");
        var byStage = approvals!.AsArray().ToDictionary(a => a!["stage"]!.GetValue<string>(), a => a!);
        Assert.True(byStage["product"]["invalidated"]!.GetValue<bool>());
        Assert.False(byStage["governance"]["invalidated"]!.GetValue<bool>());
        Assert.StartsWith("sha256:", byStage["product"]["stage_digest"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, ledger) = await submitter.GetJsonAsync($"api/v1/ledger?subject=release/demo/{id}");
        var voided = ledger!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "approvals.invalidated")!["payload"]!;
        Assert.Equal("stage", voided["cause"]!.GetValue<string>());
        Assert.Equal([byStage["product"]["id"]!.GetValue<long>()], voided["approvals"]!.AsArray().Select(a => a!.GetValue<long>()));

        // lead1 is not in the new group; an owner's approval completes the stage again.
        var (forbidden, _) = await lead1.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "again" });
        Assert.Equal(403, forbidden);
        using var owner = server.Client(await server.UserAsync("olga", ["product-owners"], "approve"));
        var (_, again) = await owner.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" });
        Assert.Equal("approved", Http.Verdict(again!));
        var (_, verify) = await submitter.GetJsonAsync("api/v1/ledger/verify");
        Assert.True(verify!["intact"]!.GetValue<bool>(), verify.ToJsonString());
    }

    [DatabaseFact]
    public async Task A_vote_that_pins_stale_evidence_is_refused_and_nothing_is_recorded()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        var ci = await server.UserAsync("ci", [], "submit");
        using var lead = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        var first = await submitter.EvidenceAsync(id, Samples.Results(10));
        var seen = first["release"]!["decision"]!["evidence_digest"]!.GetValue<string>();

        // New evidence arrives between reading and voting.
        var second = await submitter.EvidenceAsync(id, Samples.Results(10, suffix: "-late"));
        var current = second["release"]!["decision"]!["evidence_digest"]!.GetValue<string>();
        Assert.NotEqual(seen, current);

        var (status, problem) = await lead.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok", evidence = seen });
        Assert.Equal(409, status);
        Assert.Equal("RG1630", Http.Code(problem));
        Assert.Contains(current, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, approvals) = await submitter.GetJsonAsync($"api/v1/releases/{id}/approvals");
        Assert.Empty(approvals!.AsArray());
        var (_, ledger) = await submitter.GetJsonAsync($"api/v1/ledger?subject=release/demo/{id}");
        Assert.DoesNotContain(ledger!.AsArray(), e => e!["type"]!.GetValue<string>() == "approval.given");

        (status, var body) = await lead.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok", evidence = current });
        Assert.Equal(200, status);
        Assert.Equal(current, body!["decision"]!["evidence_digest"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task A_version_names_one_release_and_a_rejected_one_is_not_submitted_again()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        var ci = await server.UserAsync("ci", [], "submit");
        using var lead = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest("8.0.0"));
        var other = Samples.Manifest("8.0.0").Replace("model: model-8.0.0", "model: another-model\n  tools: [shell]", StringComparison.Ordinal);

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", Yaml(other));
        Assert.Equal(409, status);
        Assert.Equal("RG1631", Http.Code(problem));
        Assert.Contains($"release {id}", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same manifest again is the same release: the stored one answers, as it stands.
        await submitter.EvidenceAsync(id, Samples.Results(10));
        await lead.PostJsonAsync($"api/v1/releases/{id}/rejections", new { stage = "product", comment = "no" });
        var (again, same) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", Yaml(Samples.Manifest("8.0.0")));
        Assert.Equal(200, again);
        Assert.Equal(id, same!["id"]!.GetValue<long>());
        Assert.Equal("rejected", same["state"]!.GetValue<string>());
        (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", Yaml(other));
        Assert.Equal(409, status);
        Assert.Equal("RG1631", Http.Code(problem));
        var (_, releases) = await submitter.GetJsonAsync("api/v1/workflows/demo/releases");
        Assert.Single(releases!.AsArray());
    }

    [DatabaseFact]
    public async Task A_waiver_for_a_version_binds_to_that_release_digest()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        var ci = await server.UserAsync("ci", [], "submit");
        using var gus = server.Client(await server.UserAsync("gus", ["governance"], "approve"));
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest("8.0.0"));
        var (_, release) = await submitter.GetJsonAsync($"api/v1/releases/{id}");
        var digest = release!["digest"]!.GetValue<string>();

        var (status, waiver) = await gus.PostJsonAsync("api/v1/workflows/demo/waivers",
            new { check = "evals/core/pass-rate", release = "8.0.0", reason = "judge fixed next week", expires = DateTimeOffset.UtcNow.AddDays(3) });
        Assert.Equal(201, status);
        Assert.Equal(digest, waiver!["release"]!.GetValue<string>());
        var blockedThenWaived = await submitter.EvidenceAsync(id, Samples.Results(5));
        Assert.Equal("pending", Http.Verdict(blockedThenWaived["release"]!));

        // A version no release has yet stays a version: only one release can ever take it.
        (status, waiver) = await gus.PostJsonAsync("api/v1/workflows/demo/waivers",
            new { check = "evals/core/pass-rate", release = "9.0.0", reason = "pre-approved", expires = DateTimeOffset.UtcNow.AddDays(3) });
        Assert.Equal(201, status);
        Assert.Equal("9.0.0", waiver!["release"]!.GetValue<string>());
        var (_, ledger) = await submitter.GetJsonAsync("api/v1/ledger?subject=workflow/demo");
        var granted = ledger!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "waiver.granted").Select(e => e!["payload"]!).ToList();
        Assert.Equal([(digest, "8.0.0"), ("9.0.0", "9.0.0")], granted.Select(p => (p["release"]!.GetValue<string>(), p["asked"]!.GetValue<string>())));
    }

    [DatabaseFact]
    public async Task Submissions_of_one_version_at_once_store_one_release_and_answer_as_if_in_turn()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        var clients = Enumerable.Range(0, 6).Select(_ => server.Client(ci)).ToList();
        try
        {
            // Three copies of one manifest and three other manifests, all version 9.0.0, at once.
            var manifests = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? Samples.Manifest("9.0.0") : Samples.Manifest("9.0.0").Replace("model-9.0.0", $"model-other-{i}", StringComparison.Ordinal)).ToList();
            var answers = await Task.WhenAll(clients.Select(async (c, i) =>
            {
                using var response = await c.PostAsync("api/v1/workflows/demo/releases", new StringContent(manifests[i], System.Text.Encoding.UTF8, "application/yaml"));
                return (Index: i, Status: (int)response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));

            Assert.Single(answers, a => a.Status == 201);
            var winner = answers.Single(a => a.Status == 201).Index;
            foreach (var a in answers.Where(a => a.Status != 201))
            {
                var same = manifests[a.Index] == manifests[winner];
                Assert.True(same ? a.Status == 200 : a.Status == 409 && a.Body.Contains("RG1631", StringComparison.Ordinal), $"{a.Index}: {a.Status} {a.Body}");
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [DatabaseFact]
    public async Task A_waiver_written_straight_into_the_table_does_not_count()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest("8.0.0"));
        static string At(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'.000000Z'", System.Globalization.CultureInfo.InvariantCulture);
        await ServerDatabase.ExecuteRawAsync(server.Database,
            "INSERT INTO waivers (workflow, check_pattern, release_ref, reason, granted_by, granted_at, expires_at) " +
            $"VALUES ('demo', 'evals/core/pass-rate', NULL, 'forged', 'mallory', '{At(DateTimeOffset.UtcNow.AddHours(-1))}', '{At(DateTimeOffset.UtcNow.AddDays(2))}')");

        var after = (await submitter.EvidenceAsync(id, Samples.Results(5)))["release"]!;

        Assert.Equal("blocked", Http.Verdict(after));
        var check = after["decision"]!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "evals/core/pass-rate")!;
        Assert.Equal("fail", check["status"]!.GetValue<string>());
        Assert.Contains(after["decision"]!["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("waiver", StringComparison.Ordinal)
            && n.GetValue<string>().Contains("is not in the ledger", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task A_version_spelled_as_another_release_digest_is_refused_so_it_cannot_take_that_release_waivers()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        using var submitter = server.Client(await server.UserAsync("ci", [], "submit"));
        await server.RegisterGateAsync(Samples.Gate());
        var a = await submitter.SubmitAsync(Samples.Manifest("8.0.0"));
        var (_, release) = await submitter.GetJsonAsync($"api/v1/releases/{a}");

        using var response = await submitter.PostAsync("api/v1/workflows/demo/releases",
            new StringContent(Samples.Manifest(release!["digest"]!.GetValue<string>()), System.Text.Encoding.UTF8, "application/yaml"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("RG1032", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task An_approval_written_straight_into_the_table_does_not_count_and_verify_names_it()
    {
        await using var server = await TestServer.StartAsync(database: await DatabaseAsync());
        var ci = await server.UserAsync("ci", [], "submit");
        using var lead = server.Client(await server.UserAsync("lena", ["leads"], "approve"));
        await server.RegisterGateAsync(Samples.Gate(governanceCount: 1));
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        var evidence = (await submitter.EvidenceAsync(id, Samples.Results(10)))["release"]!["decision"]!["evidence_digest"]!.GetValue<string>();
        var (_, release) = await submitter.GetJsonAsync($"api/v1/releases/{id}");
        var digest = release!["digest"]!.GetValue<string>();

        var (_, product) = await lead.PostJsonAsync($"api/v1/releases/{id}/approvals", new { stage = "product", comment = "ok" });
        Assert.Equal("pending", Http.Verdict(product!));
        var (_, approvals) = await submitter.GetJsonAsync($"api/v1/releases/{id}/approvals");
        var gateDigest = approvals!.AsArray()[0]!["gate_digest"]!.GetValue<string>();

        // Someone with database access but no authority forges the governance vote, digests and all, then anything re-decides.
        await ServerDatabase.ExecuteRawAsync(server.Database,
            "INSERT INTO approvals (release_id, stage, actor, release_digest, evidence_digest, gate_digest, stage_digest, verdict, comment, invalidated, created_at) " +
            $"VALUES ({id}, 'governance', 'mallory', '{digest}', '{evidence}', '{gateDigest}', '{StageDigestOf(Samples.Gate(governanceCount: 1))}', 'approve', 'forged', " +
            $"{(server.Database.Contains('=', StringComparison.Ordinal) ? "FALSE" : "0")}, '2026-11-26T09:30:00.000000Z')");
        await server.RegisterGateAsync(Samples.Gate(governanceCount: 1).Replace("min_pass_rate: 0.8", "min_pass_rate: 0.75", StringComparison.Ordinal));

        // The forged vote does not count: the release stays pending and cannot ship.
        var (_, after) = await submitter.GetJsonAsync($"api/v1/releases/{id}");
        Assert.Equal("pending", Http.Verdict(after!));
        Assert.Contains(after!["decision"]!["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("mallory is not in the ledger", StringComparison.Ordinal));
        var (ship, _) = await submitter.PostJsonAsync($"api/v1/releases/{id}/ship", new { });
        Assert.Equal(409, ship);

        var (_, verify) = await submitter.GetJsonAsync("api/v1/ledger/verify");
        Assert.False(verify!["intact"]!.GetValue<bool>());
        Assert.Equal("StateMismatch", verify["first_break"]!["kind"]!.GetValue<string>());
        Assert.Equal("approvals", verify["first_break"]!["table"]!.GetValue<string>());
        Assert.Contains("mallory", verify["first_break"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string StageDigestOf(string gateYaml)
    {
        var gate = ReleaseGate.Core.Formats.GateParser.Parse(gateYaml, "gate.yaml").Value!;
        return ReleaseGate.Core.Decisions.StageDigest.Of(gate.Approvals.Single(a => a.Stage == "governance"));
    }

    private static StringContent Yaml(string text) => new(text, System.Text.Encoding.UTF8, "application/yaml");
}
