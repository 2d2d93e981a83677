using System.Net.Http.Headers;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary><c>token list</c>, <c>token revoke</c> and <c>group remove-member</c> as real processes against a real server.</summary>
public class IdentityAdminCliTests
{
    [Fact]
    public async Task A_token_expiry_is_taken_with_a_zone_and_refused_without_one_by_the_server_process()
    {
        // The server's JSON is source-generated (and AOT-compiled into the CLI): the strict timestamp reader must hold there.
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        CliProcess.Outcome Run(params string[] args) => CliProcess.Run(folder.Path, null, [.. args, "--server", server.Url, "--token", admin]);
        Assert.Equal(0, Run("user", "add", "ci").ExitCode);

        var created = Run("token", "create", "--user", "ci", "--scope", "submit", "--expires", "2099-12-01T09:00:00+02:00");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal("2099-12-01T07:00:00Z", Run("token", "list", "--user", "ci").Stdout.TrimEnd().Split('\n')[1].Split('\t')[5]);

        using var http = new HttpClient { BaseAddress = new Uri(server.Url + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var body = new StringContent("""{"user":"ci","scopes":["submit"],"expires_at":"2099-12-01T00:00:00"}""", System.Text.Encoding.UTF8, "application/json");
        using var refused = await http.PostAsync("api/v1/tokens", body);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("\"code\":\"RG1601\"", problem, StringComparison.Ordinal);
        Assert.Contains("with a zone", problem, StringComparison.Ordinal);
        Assert.Single(Run("token", "list", "--user", "ci").Stdout.TrimEnd().Split('\n')[1..]);
    }

    [Fact]
    public async Task Tokens_are_listed_and_revoked_and_members_removed_through_the_command_line()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "rg.db");
        var bootstrap = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin");
        Assert.Equal(0, bootstrap.ExitCode);
        var admin = bootstrap.Stdout.Trim();
        using var server = await ServerProcess.StartAsync(db, folder.Path);
        CliProcess.Outcome Run(params string[] args) => CliProcess.Run(folder.Path, null, [.. args, "--server", server.Url, "--token", admin]);

        Assert.Equal(0, Run("group", "add", "leads").ExitCode);
        Assert.Equal(0, Run("user", "add", "bob", "--group", "leads").ExitCode);
        var created = Run("token", "create", "--user", "bob", "--scope", "review", "--name", "laptop");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var bob = created.Stdout.Trim();

        var list = Run("token", "list", "--user", "bob");
        Assert.True(list.ExitCode == 0, list.Stderr);
        var lines = list.Stdout.TrimEnd().Split('\n');
        Assert.Equal("ID\tUSER\tNAME\tSCOPES\tCREATED\tEXPIRES\tREVOKED", lines[0]);
        var row = Assert.Single(lines[1..]).Split('\t');
        Assert.Equal(["bob", "laptop", "review", "-", "-"], [row[1], row[2], row[3], row[5], row[6]]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", row[4]);
        Assert.DoesNotContain(bob, list.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Run("token", "list").Stdout.TrimEnd().Split('\n').Length - 1);

        using var http = new HttpClient { BaseAddress = new Uri(server.Url + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bob);
        Assert.Equal(200, (int)(await http.GetAsync("api/v1/me")).StatusCode);

        var revoke = Run("token", "revoke", row[0]);
        Assert.True(revoke.ExitCode == 0, revoke.Stderr);
        Assert.Matches($@"^token {row[0]} of bob \(laptop\) revoked at \d{{4}}-", revoke.Stdout);
        Assert.Equal(401, (int)(await http.GetAsync("api/v1/me")).StatusCode);
        Assert.NotEqual("-", Run("token", "list", "--user", "bob").Stdout.TrimEnd().Split('\n')[1].Split('\t')[6]);

        var again = Run("token", "revoke", row[0]);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("releasegate: RG1615: ", again.Stderr, StringComparison.Ordinal);
        var unknown = Run("token", "revoke", "9999");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("releasegate: RG1640: ", unknown.Stderr, StringComparison.Ordinal);
        var adminId = Run("token", "list", "--user", "admin").Stdout.TrimEnd().Split('\n')[1].Split('\t')[0];
        var last = Run("token", "revoke", adminId);
        Assert.Equal(2, last.ExitCode);
        Assert.StartsWith("releasegate: RG1642: ", last.Stderr, StringComparison.Ordinal);

        var remove = Run("group", "remove-member", "leads", "bob");
        Assert.True(remove.ExitCode == 0, remove.Stderr);
        Assert.Equal("group leads: no members", remove.Stdout.Trim());
        var notMember = Run("group", "remove-member", "leads", "bob");
        Assert.Equal(2, notMember.ExitCode);
        Assert.StartsWith("releasegate: RG1641: ", notMember.Stderr, StringComparison.Ordinal);

        var help = CliProcess.Run(folder.Path, null, "token", "--help");
        Assert.Contains("revoke", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("list", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("remove-member", CliProcess.Run(folder.Path, null, "group", "--help").Stdout, StringComparison.Ordinal);
    }
}
