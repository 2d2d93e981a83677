using System.Text.Json.Nodes;
using ReleaseGate.Cli.Tests.Install;
using Xunit;

namespace ReleaseGate.Cli.Tests.Ci;

/// <summary>
/// The GitHub Action's script (ci/github/releasegate.sh, which action.yml runs) against a local fake of the GitHub API:
/// the decision goes to the step summary and the step's outputs, the JUnit report is written, and the pull request gets
/// one comment, created on the first run and edited in place on the next.
/// </summary>
public class GitHubActionTests
{
    private const string Token = "ghs_test-token";
    private const int PullRequest = 42;

    [Fact]
    public void The_first_run_creates_the_comment_and_the_second_updates_it_in_place()
    {
        using var github = new FakeGitHubApi("acme/support-agent", Token);
        github.Seed(PullRequest, "octocat", "Looks good to me, once the gate agrees.");
        using var temp = new TempFolder();
        var summary = temp.Write("summary.md", "");
        var outputs = temp.Write("outputs", "");
        var junit = Path.Combine(temp.Path, "releasegate-junit.xml");

        // The candidate: blocked on the refunds regression.
        var first = RunAction(github, temp, summary, outputs, junit, "examples/support-agent/results", "examples/support-agent/releases/candidate.yaml");
        Assert.True(first.ExitCode == 1, first.ToString());
        var created = Assert.Single(github.Comments, c => (string)c["user"]!["login"]! == "github-actions[bot]");
        var id = (long)created["id"]!;
        Assert.Contains($"created {id}", first.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("<!-- releasegate-comment: default -->\n", (string)created["body"]!, StringComparison.Ordinal);
        Assert.Contains("BLOCKED", (string)created["body"]!, StringComparison.Ordinal);
        Assert.Contains("BLOCKED", File.ReadAllText(summary), StringComparison.Ordinal);
        Assert.Contains("verdict=blocked", File.ReadAllLines(outputs));
        Assert.Contains("exit-code=1", File.ReadAllLines(outputs));
        Assert.Contains("<testcase", File.ReadAllText(junit), StringComparison.Ordinal);
        Assert.Contains("<failure", File.ReadAllText(junit), StringComparison.Ordinal);

        // The fix, pushed to the same pull request: the same comment now says it waits on people.
        File.WriteAllText(summary, "");
        File.WriteAllText(outputs, "");
        var second = RunAction(github, temp, summary, outputs, junit, "examples/support-agent/results/fix", "examples/support-agent/releases/fix.yaml");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"updated {id}", second.Stdout, StringComparison.Ordinal);
        var comments = github.Comments;
        Assert.Equal(2, comments.Count);
        Assert.Equal("Looks good to me, once the gate agrees.", (string)comments[0]["body"]!);
        var updated = comments[1];
        Assert.Equal(id, (long)updated["id"]!);
        Assert.Contains("PENDING", (string)updated["body"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("BLOCKED", (string)updated["body"]!, StringComparison.Ordinal);
        Assert.Contains("PENDING", File.ReadAllText(summary), StringComparison.Ordinal);
        Assert.Contains("verdict=pending", File.ReadAllLines(outputs));

        // One POST, then one PATCH of that comment; everything else only read.
        var writes = github.Requests.Where(r => r.Method != "GET").ToList();
        Assert.Equal(
            [("POST", $"/repos/acme/support-agent/issues/{PullRequest}/comments"), ("PATCH", $"/repos/acme/support-agent/issues/comments/{id}")],
            writes);
    }

    [Fact]
    public void A_refused_comment_is_a_warning_and_the_verdict_still_decides_the_step()
    {
        using var github = new FakeGitHubApi("acme/support-agent", "another-token");
        using var temp = new TempFolder();
        var summary = temp.Write("summary.md", "");
        var outputs = temp.Write("outputs", "");
        var run = RunAction(github, temp, summary, outputs, Path.Combine(temp.Path, "junit.xml"), "examples/support-agent/results", "examples/support-agent/releases/candidate.yaml");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("::warning::the pull-request comment could not be written", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("401", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(github.Comments);
        Assert.Contains("BLOCKED", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_mode_sends_the_release_to_the_server_waits_and_comments_its_decision()
    {
        using var github = new FakeGitHubApi("acme/support-agent", Token);
        using var temp = new TempFolder();
        var example = Path.Combine(CliProcess.RepositoryRoot(), "examples", "support-agent");
        var db = Path.Combine(temp.Path, "rg.db");
        var admin = CliProcess.Run(temp.Path, null, "user", "bootstrap", "--db", db, "--name", "admin");
        Assert.True(admin.ExitCode == 0, admin.Stderr);
        using var server = await ServerProcess.StartAsync(db, example);
        var register = CliProcess.Run(example, null, "workflow", "register", "--gate", "gate.yaml", "--server", server.Url, "--token", admin.Stdout.Trim());
        Assert.True(register.ExitCode == 0, register.Stderr);
        var summary = temp.Write("summary.md", "");
        var outputs = temp.Write("outputs", "");
        var eventFile = temp.Write("event.json", new JsonObject { ["pull_request"] = new JsonObject { ["number"] = PullRequest } }.ToJsonString());
        var environment = new Dictionary<string, string?>
        {
            ["RELEASEGATE"] = string.Join(' ', Shell.ReleaseGateCommand()),
            ["RELEASEGATE_MODE"] = "submit",
            ["RELEASEGATE_RELEASE"] = "releases/candidate.yaml",
            ["RELEASEGATE_RESULTS"] = "results/support-core.jsonl results/regressions.jsonl",
            ["RELEASEGATE_SERVER"] = server.Url,
            ["RELEASEGATE_TOKEN"] = admin.Stdout.Trim(),
            ["RELEASEGATE_WAIT_TIMEOUT"] = "00:00:30",
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_OUTPUT"] = outputs,
            ["GITHUB_EVENT_PATH"] = eventFile,
            ["GITHUB_API_URL"] = github.Url,
            ["GITHUB_REPOSITORY"] = "acme/support-agent",
            ["GITHUB_TOKEN"] = Token,
            ["RELEASEGATE_PR"] = null,
            ["RELEASEGATE_COMMENT"] = null,
        };
        var script = Path.Combine(CliProcess.RepositoryRoot(), "ci", "github", "releasegate.sh");

        var run = Shell.Run("bash", [script], example, TimeSpan.FromMinutes(2), environment);

        // Blocked on the refunds regression: status --wait returns at once with 1.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("verdict=blocked", File.ReadAllLines(outputs));
        var comment = Assert.Single(github.Comments);
        Assert.Contains("BLOCKED: support-agent 2026.11.0 (release 1)", (string)comment["body"]!, StringComparison.Ordinal);
        Assert.Contains("refunds", (string)comment["body"]!, StringComparison.Ordinal);
        Assert.Contains("BLOCKED", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    private static Shell.Outcome RunAction(FakeGitHubApi github, TempFolder temp, string summary, string outputs, string junit, string results, string release)
    {
        var eventFile = temp.Write("event.json", new JsonObject { ["pull_request"] = new JsonObject { ["number"] = PullRequest } }.ToJsonString());
        var environment = new Dictionary<string, string?>
        {
            ["RELEASEGATE"] = string.Join(' ', Shell.ReleaseGateCommand()),
            ["RELEASEGATE_GATE"] = "examples/support-agent/gate.yaml",
            ["RELEASEGATE_RESULTS"] = $"{results}/support-core.jsonl\n{results}/regressions.jsonl",
            ["RELEASEGATE_RELEASE"] = release,
            ["RELEASEGATE_BASELINE_RELEASE"] = "examples/support-agent/releases/baseline.yaml",
            ["RELEASEGATE_ARGS"] = "--now 2026-11-20T09:00:00Z",
            ["RELEASEGATE_JUNIT"] = junit,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_OUTPUT"] = outputs,
            ["GITHUB_EVENT_PATH"] = eventFile,
            ["GITHUB_API_URL"] = github.Url,
            ["GITHUB_REPOSITORY"] = "acme/support-agent",
            ["GITHUB_TOKEN"] = Token,
            ["RELEASEGATE_SERVER"] = null,
            ["RELEASEGATE_TOKEN"] = null,
            ["RELEASEGATE_PR"] = null,
            ["RELEASEGATE_COMMENT"] = null,
            ["RELEASEGATE_MODE"] = null,
        };
        return Shell.Run("bash", ["ci/github/releasegate.sh"], CliProcess.RepositoryRoot(), TimeSpan.FromMinutes(2), environment);
    }
}
