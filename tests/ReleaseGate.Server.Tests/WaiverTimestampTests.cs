using System.Text;

namespace ReleaseGate.Server.Tests;

/// <summary>A waiver's and a token's expiry must say its zone: the same request means the same instant on every instance.</summary>
public sealed class WaiverTimestampTests
{
    [Theory]
    [InlineData("2099-12-01T00:00:00")]
    [InlineData("2099-12-01")]
    [InlineData("12/01/2099")]
    public async Task An_expiry_without_a_zone_is_refused_and_nothing_is_written(string expires)
    {
        await using var server = await TestServer.StartAsync();
        var gov = await server.UserAsync("gus", ["governance"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var gus = server.Client(gov);
        var before = await server.Store.GetLedgerHeadAsync();
        var body = $$"""{"check":"evals/core/pass-rate","reason":"flaky","expires":"{{expires}}"}""";

        var (status, problem) = await gus.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/waivers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(400, status);
        Assert.Equal("RG1601", Http.Code(problem));
        Assert.Contains("with a zone", problem!["detail"]!.GetValue<string>());
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("+02:00")]
    [InlineData("-05:00")]
    public async Task An_expiry_with_Z_or_an_offset_is_taken(string zone)
    {
        await using var server = await TestServer.StartAsync();
        var gov = await server.UserAsync("gus", ["governance"], "approve");
        await server.RegisterGateAsync(Samples.Gate());
        using var gus = server.Client(gov);
        var expires = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + zone;
        var body = $$"""{"check":"evals/core/pass-rate","reason":"flaky","expires":"{{expires}}"}""";

        var (status, waiver) = await gus.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/waivers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(status == 201, waiver?.ToJsonString());
    }

    [Theory]
    [InlineData("\"2099-12-01T00:00:00\"")]
    [InlineData("\"2099-12-01\"")]
    [InlineData("4099000000")]
    public async Task A_token_expiry_without_a_zone_is_refused_and_no_token_is_made(string expires)
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(201, (await admin.PostJsonAsync("api/v1/users", new { name = "ci" })).Status);
        var before = await server.Store.GetLedgerHeadAsync();
        var body = $$"""{"user":"ci","scopes":["submit"],"expires_at":{{expires}}}""";

        var (status, problem) = await admin.SendAsync(HttpMethod.Post, "api/v1/tokens", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(400, status);
        Assert.Equal("RG1601", Http.Code(problem));
        Assert.Contains("with a zone", problem!["detail"]!.GetValue<string>());
        Assert.Contains("expires_at", problem["detail"]!.GetValue<string>());
        Assert.Empty(await server.Store.ListApiTokensAsync("ci"));
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    [Fact]
    public async Task A_token_with_a_zoned_expiry_or_none_is_made()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(201, (await admin.PostJsonAsync("api/v1/users", new { name = "ci" })).Status);

        var (status, created) = await admin.SendAsync(HttpMethod.Post, "api/v1/tokens", new StringContent("""{"user":"ci","scopes":["submit"],"expires_at":"2099-12-01T09:00:00+02:00"}""", Encoding.UTF8, "application/json"));
        Assert.True(status == 201, created?.ToJsonString());
        Assert.Equal(new DateTimeOffset(2099, 12, 1, 7, 0, 0, TimeSpan.Zero), created!["expires_at"]!.GetValue<DateTimeOffset>());
        (status, created) = await admin.SendAsync(HttpMethod.Post, "api/v1/tokens", new StringContent("""{"user":"ci","scopes":["submit"],"expires_at":null}""", Encoding.UTF8, "application/json"));
        Assert.True(status == 201, created?.ToJsonString());
        Assert.Null(created!["expires_at"]);
    }
}
