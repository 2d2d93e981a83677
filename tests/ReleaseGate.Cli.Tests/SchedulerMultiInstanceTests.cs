using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// Two <c>releasegate serve</c> processes on one PostgreSQL database with a compliance schedule every two seconds: each due time
/// runs once, on the instance holding the scheduler lease; when that instance is killed with SIGKILL, the other takes the lease
/// once it expires and the schedule goes on, the missed due times caught up by one run.
/// </summary>
public class SchedulerMultiInstanceTests
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        evals:
          - suite: core
            min_pass_rate: 0.8
        compliance:
          schedule: "*/2 * * * * *"
          policies:
            - id: any-model
              rule: "release.model != ''"
              severity: low
              owner: governance
        """;

    [ServerPostgresFact]
    public async Task Each_due_time_runs_once_across_instances_and_a_killed_holder_is_taken_over()
    {
        using var folder = new TempFolder();
        var db = await ServerPostgres.CreateDatabaseAsync();
        var bootstrap = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin");
        Assert.True(bootstrap.ExitCode == 0, bootstrap.Stderr);
        string[] Options(string name) => ["--scheduler-interval", "0.2", "--scheduler-lease", "2", "--instance", name];
        var servers = new Dictionary<string, ServerProcess>
        {
            ["a"] = await ServerProcess.StartAsync(db, folder.Path, Options("a")),
            ["b"] = await ServerProcess.StartAsync(db, folder.Path, Options("b")),
        };
        try
        {
            using var admin = new HttpClient { BaseAddress = new Uri(servers["b"].Url + "/") };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bootstrap.Stdout.Trim());
            Assert.True((await admin.PutAsync("api/v1/workflows/demo", new StringContent(Gate, Encoding.UTF8, "application/yaml"))).IsSuccessStatusCode);

            var runs = await RunsAfterAsync(admin, 3, DateTimeOffset.MinValue);
            var holder = Assert.Single(runs.Select(r => r.Instance).Distinct());
            AssertOncePerDueTime(runs);

            var killedAt = DateTimeOffset.UtcNow;
            // Process.Kill on Linux is SIGKILL: the holder gets no chance to hand its lease back.
            servers[holder].Dispose();
            servers.Remove(holder);
            var other = holder == "a" ? "b" : "a";
            using var survivor = new HttpClient { BaseAddress = new Uri(servers[other].Url + "/") };
            survivor.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;

            // The lease lasts 2 s: the survivor runs the schedule within a few seconds of the kill.
            var after = await RunsAfterAsync(survivor, 3, killedAt.AddSeconds(1));
            Assert.All(after, r => Assert.Equal(other, r.Instance));
            var all = await RunsAfterAsync(survivor, 0, DateTimeOffset.MinValue);
            AssertOncePerDueTime(all);

            // While nobody held the lease, due times passed; the survivor ran the latest of them once, then every one after.
            var dues = all.Select(r => r.ScheduledFor).Order().ToList();
            Assert.All(dues.Zip(dues.Skip(1)), pair => Assert.True((pair.Second - pair.First).TotalSeconds % 2 == 0, $"{pair.First:O} -> {pair.Second:O}"));
        }
        finally
        {
            foreach (var server in servers.Values)
            {
                server.Dispose();
            }
        }
    }

    private sealed record Run(DateTimeOffset ScheduledFor, string Instance, DateTimeOffset StartedAt);

    private static void AssertOncePerDueTime(IReadOnlyList<Run> runs) =>
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFor).Distinct().Count());

    /// <summary>Waits (at most 30 s) until at least <paramref name="count"/> scheduled runs started after <paramref name="since"/>, and returns them.</summary>
    private static async Task<List<Run>> RunsAfterAsync(HttpClient client, int count, DateTimeOffset since)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var body = JsonNode.Parse(await client.GetStringAsync("api/v1/compliance/runs?workflow=demo&limit=1000"))!.AsArray();
            var runs = body.Select(r => new Run(
                    DateTimeOffset.Parse(r!["scheduled_for"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                    r["instance"]!.GetValue<string>(),
                    DateTimeOffset.Parse(r["started_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)))
                .Where(r => r.StartedAt > since).ToList();
            if (runs.Count >= count)
            {
                return runs;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"only {runs.Count} of {count} scheduled runs after {since:O} in 30 s");
            await Task.Delay(250);
        }
    }
}
