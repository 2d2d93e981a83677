namespace ReleaseGate.Server.Tests;

/// <summary>The authority rules on PostgreSQL, and what only several instances on one database can show.</summary>
public sealed class PostgresAuthorityTests : AuthorityTests
{
    private protected override async Task<string?> DatabaseAsync() => await ServerDatabase.CreatePostgresAsync();

    [DatabaseFact]
    public async Task An_instance_whose_clock_is_20_days_behind_decides_by_the_database_clock()
    {
        var db = await ServerDatabase.CreatePostgresAsync();
        await using var a = await TestServer.StartAsync(database: db);
        await using var behind = await TestServer.JoinAsync(a, new SkewedClock(TimeSpan.FromDays(-20)));
        var ci = await a.UserAsync("ci", [], "submit");
        var gov = await a.UserAsync("gus", ["governance"], "approve");
        await a.RegisterGateAsync(Samples.Gate());
        using var submitterOnA = a.Client(ci);
        using var gusOnBehind = behind.Client(gov);
        using var submitterOnBehind = behind.Client(ci);
        var id = await submitterOnA.SubmitAsync(Samples.Manifest());
        await submitterOnA.EvidenceAsync(id, Samples.Results(5));

        // A waiver 13 days out is within the gate's 14 days by the shared clock (by the skewed one it would run 33 days).
        var (status, body) = await gusOnBehind.PostJsonAsync("api/v1/workflows/demo/waivers",
            new { check = "evals/core/pass-rate", release = "1.0.0", reason = "within limits", expires = DateTimeOffset.UtcNow.AddDays(13) });
        Assert.True(status == 201, body?.ToJsonString());
        (status, body) = await gusOnBehind.PostJsonAsync($"api/v1/waivers/{body!["id"]}/revoke", new { reason = "done" });
        Assert.Equal(200, status);

        // A waiver that expires in two seconds: once it has, the instance behind must not honour it.
        (status, body) = await gusOnBehind.PostJsonAsync("api/v1/workflows/demo/waivers",
            new { check = "evals/core/pass-rate", release = "1.0.0", reason = "short", expires = DateTimeOffset.UtcNow.AddSeconds(2) });
        Assert.True(status == 201, body?.ToJsonString());
        Assert.Equal("pending", await submitterOnA.VerdictAsync(id));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var redecided = await submitterOnBehind.EvidenceAsync(id, Samples.Results(5, suffix: "-again"));
        Assert.Equal("blocked", Http.Verdict(redecided["release"]!));
        var check = redecided["release"]!["decision"]!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "evals/core/pass-rate")!;
        Assert.Equal("fail", check["status"]!.GetValue<string>());

        // The ledger's times are the database's too.
        var (_, ledger) = await submitterOnBehind.GetJsonAsync($"api/v1/ledger?subject=release/demo/{id}");
        var last = ledger!.AsArray()[^1]!["time"]!.GetValue<DateTimeOffset>();
        Assert.InRange(last - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(-1), TimeSpan.FromMinutes(1));
    }

    [DatabaseFact]
    public async Task The_last_admin_token_check_reads_the_database_clock_not_the_instance_clock()
    {
        var db = await ServerDatabase.CreatePostgresAsync();
        await using var a = await TestServer.StartAsync(database: db);
        await using var ahead = await TestServer.JoinAsync(a, new SkewedClock(TimeSpan.FromDays(20)));
        using var adminOnA = a.Client(a.AdminToken);
        using var adminOnAhead = ahead.Client(a.AdminToken);
        Assert.Equal(201, (await adminOnA.PostJsonAsync("api/v1/users", new { name = "ada" })).Status);

        // An admin token that expires in 10 days by the shared clock; by the skewed one it has expired already.
        var (status, created) = await adminOnA.PostJsonAsync("api/v1/tokens",
            new { user = "ada", scopes = new[] { "admin" }, expires_at = DateTimeOffset.UtcNow.AddDays(10) });
        Assert.True(status == 201, created?.ToJsonString());

        // So it is live, and the bootstrap token is not the last admin token: the instance ahead lets it go.
        var bootstrap = (await a.Store.ListApiTokensAsync("admin")).Single();
        (status, var revoked) = await adminOnAhead.PostJsonAsync($"api/v1/tokens/{bootstrap.Id}/revoke", new { });
        Assert.True(status == 200, revoked?.ToJsonString());
    }

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }
}
