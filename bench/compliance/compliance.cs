// A compliance run at scale, against a running `releasegate serve`:
//   1. registers a gate whose compliance section holds POLICIES rules of the kinds teams write (deprecated models, config
//      limits, tools, attachments, waivers about to lapse, the bank grown since the release shipped, the shipped decision's
//      checks), over every shipped release (releases: all);
//   2. ships RELEASES releases through the API (each submitted with two passing results, then shipped), some of them
//      violating some rules;
//   3. starts RUNS compliance runs by hand (POST /api/v1/workflows/bench/compliance/runs), each timed from request to answer,
//      beside the floor of one request (GET /health/live) in the same run.
// Fails (exit 1) when a run does not check RELEASES releases against POLICIES policies, or opens other findings than expected.
//
//     dotnet run bench/compliance/compliance.cs -- SERVER_URL ADMIN_TOKEN [RELEASES=1000] [POLICIES=20] [RUNS=5]
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

var server = new Uri(args[0].TrimEnd('/') + "/");
var admin = args[1];
var releases = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
var policies = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;
var runs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5;

using var http = new HttpClient { BaseAddress = server };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);

// Twenty kinds of rule, repeated with different constants when more are asked for. Each holds for most releases; those of
// models "legacy-*" (every 50th release) violate the first rule, and the tenth rule is violated by every release with
// temperature above 0.9 (every 25th).
string[] kinds =
[
    "!(release.model.startsWith('legacy-'))",
    "release.config.temperature <= 1.0",
    "release.config.max_output_tokens <= 4000",
    "release.tools.all(t, t in ['search_kb', 'lookup_order', 'issue_refund', 'create_return_label'])",
    "!waivers.exists(w, w.expires_at - now() < duration('168h'))",
    "bank.added_since_ship <= 1000",
    "now() - shipped_at < duration('87600h')",
    "release.version != ''",
    "gate.risk in ['low', 'medium', 'high']",
    "release.config.temperature <= 0.9",
    "size(release.tools) <= 10",
    "release.model.matches('^[a-z0-9.-]+$')",
    "!('forbidden' in release.config)",
    "release.config.timeout_seconds <= 60",
    "size(waivers) <= 5",
    "bank.active >= 0",
    "release.digest.startsWith('sha256:')",
    "release.workflow == gate.workflow",
    "shipped_at <= now()",
    "release.config.max_output_tokens > 0",
];
var gate = new StringBuilder("""
    apiVersion: releasegate/v1
    kind: Gate
    workflow: bench
    risk: low
    evals:
      - suite: core
        min_pass_rate: 0.5
    compliance:
      schedule: "0 6 * * *"
      releases: all
      policies:

    """);
for (var i = 0; i < policies; i++)
{
    gate.Append(CultureInfo.InvariantCulture, $"""
            - id: rule-{i:D2}
              rule: "{kinds[i % kinds.Length].Replace("\"", "\\\"", StringComparison.Ordinal)}"
              severity: {(i % 3 == 0 ? "high" : "medium")}
              owner: governance

        """);
}

using (var put = await http.PutAsync("api/v1/workflows/bench", new StringContent(gate.ToString(), Encoding.UTF8, "application/yaml")))
{
    if (!put.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"registering the gate: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return 1;
    }
}

var seeding = Stopwatch.StartNew();
var expectedViolations = 0;
var legacyRules = Enumerable.Range(0, policies).Count(p => p % kinds.Length == 0);
var hotRules = Enumerable.Range(0, policies).Count(p => p % kinds.Length == 9);
for (var i = 0; i < releases; i++)
{
    var legacy = i % 50 == 0;
    var hot = i % 25 == 0;
    expectedViolations += (legacy ? legacyRules : 0) + (hot ? hotRules : 0);
    var manifest = $"""
        apiVersion: releasegate/v1
        kind: Release
        workflow: bench
        version: "1.0.{i}"
        components:
          model: {(legacy ? "legacy-" : "model-")}{i % 7}
          tools: [search_kb, lookup_order]
          config:
            temperature: {(hot ? "0.95" : "0.2")}
            max_output_tokens: 800
            timeout_seconds: 30
        """;
    using var submit = await http.PostAsync("api/v1/workflows/bench/releases", new StringContent(manifest, Encoding.UTF8, "application/yaml"));
    var body = JsonNode.Parse(await submit.Content.ReadAsStringAsync());
    if (!submit.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"submitting release {i}: {(int)submit.StatusCode} {body}");
        return 1;
    }

    var evidence = $"{{\"suite\":\"core\",\"case\":\"c1\",\"pass\":true}}\n{{\"suite\":\"core\",\"case\":\"c2\",\"pass\":true}}\n";
    using var upload = await http.PostAsync($"api/v1/releases/{body!["id"]}/evidence?target=candidate", new StringContent(evidence, Encoding.UTF8, "application/x-ndjson"));
    if (!upload.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"uploading evidence of release {i}: {(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync()}");
        return 1;
    }

    using var ship = await http.PostAsJsonAsync($"api/v1/releases/{body["id"]}/ship", new { });
    if (!ship.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"shipping release {i}: {(int)ship.StatusCode} {await ship.Content.ReadAsStringAsync()}");
        return 1;
    }
}

Console.WriteLine($"seeded {releases} shipped releases in {seeding.Elapsed.TotalSeconds:F1} s");
var times = new List<double>();
var floors = new List<double>();
for (var r = 0; r < runs; r++)
{
    var floor = Stopwatch.StartNew();
    using (var live = await http.GetAsync("health/live"))
    {
        live.EnsureSuccessStatusCode();
    }

    floors.Add(floor.Elapsed.TotalMilliseconds);
    var watch = Stopwatch.StartNew();
    using var response = await http.PostAsJsonAsync("api/v1/workflows/bench/compliance/runs", new { });
    var run = JsonNode.Parse(await response.Content.ReadAsStringAsync());
    watch.Stop();
    if (!response.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"run {r}: {(int)response.StatusCode} {run}");
        return 1;
    }

    var (checkedReleases, checkedPolicies, violations, opened) =
        (run!["releases"]!.GetValue<int>(), run["policies"]!.GetValue<int>(), run["violations"]!.GetValue<int>(), run["opened"]!.GetValue<int>());
    if (checkedReleases != releases || checkedPolicies != policies || violations != expectedViolations || opened != (r == 0 ? expectedViolations : 0))
    {
        Console.Error.WriteLine($"run {r} checked {checkedReleases} releases x {checkedPolicies} policies, {violations} violations, opened {opened}; expected {releases} x {policies}, {expectedViolations} violations, opened {(r == 0 ? expectedViolations : 0)}");
        return 1;
    }

    times.Add(watch.Elapsed.TotalMilliseconds);
    Console.WriteLine($"run {r + 1}: {watch.Elapsed.TotalMilliseconds:F0} ms ({checkedReleases} releases x {checkedPolicies} policies, {violations} violations, opened {opened})");
}

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

Console.WriteLine($"RESULT releases={releases} policies={policies} first_run_ms={times[0]:F0} later_median_ms={Median(times.Skip(1).DefaultIfEmpty(times[0]).ToList()):F0} floor_ms={Median(floors):F2}");
return 0;
