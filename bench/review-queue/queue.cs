// The review queue under load: REVIEWERS concurrent reviewers, each taking the next item (POST /api/v1/reviews/next) and giving
// a verdict until the queue is empty, against a running `releasegate serve`. Reports the latency of `next` (p50, p90, p99, max),
// of a verdict, the verdicts a second, and, as the floor in the same run with the same concurrency, GET /health/live.
// Fails (exit 1) when an item got more or fewer than its k verdicts or a reviewer was refused as if an item were full.
// THINK_MS is how long a reviewer looks at an item before giving the verdict (0: as fast as the server answers, which
// measures the server saturated by verdicts, each of which decides the release again).
//
//     dotnet run bench/review-queue/queue.cs -- SERVER_URL ADMIN_TOKEN [REVIEWERS=50] [ITEMS=1000] [K=2] [THINK_MS=0]
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
var reviewers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
var items = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
var k = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
var think = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;

using var http = Client(admin);
await Send(http, HttpMethod.Post, "api/v1/groups", JsonContent.Create(new { name = "experts", description = "bench reviewers" }));
await Send(http, HttpMethod.Post, "api/v1/users", JsonContent.Create(new { name = "ci", display_name = "ci" }));
var ci = (await Send(http, HttpMethod.Post, "api/v1/tokens", JsonContent.Create(new { user = "ci", scopes = new[] { "submit" } })))!["token"]!.GetValue<string>();
var gate = $"""
    apiVersion: releasegate/v1
    kind: Gate
    workflow: bench
    risk: low
    evals:
      - suite: core
        min_pass_rate: 0.5
    reviews:
      - id: experts
        group: experts
        sample: {"{"} failures: all, passing: 1 {"}"}
        reviewers_per_item: {k}
    """;
await Send(http, HttpMethod.Put, "api/v1/workflows/bench", new StringContent(gate, Encoding.UTF8, "application/yaml"));
using var submitter = Client(ci);
var manifest = "apiVersion: releasegate/v1\nkind: Release\nworkflow: bench\nversion: \"1.0.0\"\ncomponents:\n  model: m\n";
var release = (await Send(submitter, HttpMethod.Post, "api/v1/workflows/bench/releases", new StringContent(manifest, Encoding.UTF8, "application/yaml")))!["id"]!.GetValue<long>();
var lines = new StringBuilder();
for (var i = 0; i < items; i++)
{
    var output = new string('x', 2000);
    lines.Append(CultureInfo.InvariantCulture, $$"""{"suite":"core","case":"case-{{i:D6}}","pass":{{(i % 10 != 0 ? "true" : "false")}},"output":"{{output}}","assertions":[{"type":"contains","pass":true,"reason":"found"}]}""").Append('\n');
}

var upload = Stopwatch.StartNew();
await Send(submitter, HttpMethod.Post, $"api/v1/releases/{release}/evidence", new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"));
Console.WriteLine($"evidence of {items} cases uploaded, sampled and decided in {upload.Elapsed.TotalMilliseconds:F0} ms");

var tokens = new List<string>();
for (var r = 0; r < reviewers; r++)
{
    await Send(http, HttpMethod.Post, "api/v1/users", JsonContent.Create(new { name = $"r{r}", display_name = $"r{r}", groups = new[] { "experts" } }));
    tokens.Add((await Send(http, HttpMethod.Post, "api/v1/tokens", JsonContent.Create(new { user = $"r{r}", scopes = new[] { "review" } })))!["token"]!.GetValue<string>());
}

// The floor: the same concurrency on an endpoint that touches neither the database nor a token.
var floor = new List<double>();
await Task.WhenAll(tokens.Select(async t =>
{
    using var c = Client(null);
    for (var i = 0; i < 40; i++)
    {
        var s = Stopwatch.GetTimestamp();
        (await c.GetAsync("health/live")).EnsureSuccessStatusCode();
        lock (floor)
        {
            floor.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
        }
    }
}));

var next = new List<double>();
var first = new List<double>();
var verdict = new List<double>();
var refused = 0;
var wall = Stopwatch.StartNew();
await Task.WhenAll(tokens.Select(async t =>
{
    using var c = Client(t);
    var calls = 0;
    while (true)
    {
        var s = Stopwatch.GetTimestamp();
        using var answer = await c.PostAsJsonAsync("api/v1/reviews/next", new { });
        var took = Stopwatch.GetElapsedTime(s).TotalMilliseconds;

        // Every reviewer's first call arrives in one burst, on a server whose queue path has not run yet (connections
        // opened, code compiled): reported apart from the steady state.
        lock (next)
        {
            (calls++ == 0 ? first : next).Add(took);
        }

        if (answer.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return;
        }

        var item = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["item"]!["id"]!.GetValue<long>();
        if (think > 0)
        {
            // Reviewers do not all start looking at the same moment: each waits its think time, give or take a quarter.
            await Task.Delay(think * 3 / 4 + Random.Shared.Next(think / 2 + 1));
        }

        s = Stopwatch.GetTimestamp();
        using var given = await c.PostAsJsonAsync($"api/v1/reviews/{item}/verdicts", new { verdict = "pass", comment = "ok" });
        lock (verdict)
        {
            verdict.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
        }

        if (!given.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref refused);
            Console.Error.WriteLine($"verdict on {item}: {(int)given.StatusCode} {await given.Content.ReadAsStringAsync()}");
        }
    }
}));
wall.Stop();

var listed = (await Send(submitter, HttpMethod.Get, $"api/v1/reviews?release={release}", null))!.AsArray();
var wrong = listed.Count(i => i!["verdicts"]!.GetValue<int>() != k);
Console.WriteLine($"reviewers {reviewers}, items {listed.Count}, k {k}, think {think} ms: {verdict.Count} verdicts in {wall.Elapsed.TotalSeconds:F1} s ({verdict.Count / wall.Elapsed.TotalSeconds:F0}/s)");
Console.WriteLine($"next     p50 {P(next, 50):F1} ms  p90 {P(next, 90):F1} ms  p99 {P(next, 99):F1} ms  max {next.Max():F1} ms  ({next.Count} calls after each reviewer's first)");
Console.WriteLine($"first    p50 {P(first, 50):F1} ms  max {first.Max():F1} ms  (each reviewer's first call, {first.Count} at once on a fresh server)");
Console.WriteLine($"verdict  p50 {P(verdict, 50):F1} ms  p90 {P(verdict, 90):F1} ms  p99 {P(verdict, 99):F1} ms  max {verdict.Max():F1} ms");
Console.WriteLine($"floor    p50 {P(floor, 50):F1} ms  p90 {P(floor, 90):F1} ms  p99 {P(floor, 99):F1} ms  (GET /health/live, {reviewers} concurrent)");
Console.WriteLine($"items with other than {k} verdicts: {wrong}; verdicts refused: {refused}");
return wrong == 0 && refused == 0 && listed.Count == items ? 0 : 1;

HttpClient Client(string? token)
{
    var c = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
    if (token is not null)
    {
        c.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    return c;
}

static async Task<JsonNode?> Send(HttpClient c, HttpMethod method, string path, HttpContent? content)
{
    using var request = new HttpRequestMessage(method, path) { Content = content };
    using var response = await c.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    }

    return text.Length == 0 ? null : JsonNode.Parse(text);
}

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
