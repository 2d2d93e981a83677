// The Control Center's decision page of a 100,000-case release, against a running `releasegate serve`:
//   1. registers a gate over one suite with six slices (two protected, compared with the baseline), severity rules, two
//      policies, a required attachment and one approval stage;
//   2. submits and ships a baseline release, then submits the candidate and uploads CASES cases of results for it,
//      generated deterministically (a fixed seed): a candidate and a baseline line a case, with a multi-line output and two
//      assertions each, some failing, so that the decision has failing checks with case lists, a regression and a chart;
//   3. signs in as the Control Center does (the sign-in form, then the session cookie) and times REQUESTS requests of
//      GET /releases/{id} (the page), interleaved with as many of GET /api/v1/releases/{id}/decision (the decision JSON it
//      renders, the reference), each the whole HTTP round trip on loopback; prints medians, p95 and their ratio.
// Fails (exit 1) when a page does not hold the record's sections or the timing target is missed (TARGET_MS, default 200).
//
//     dotnet run -c Release bench/ui-decision-page/bench.cs -- SERVER_URL ADMIN_TOKEN [CASES=100000] [REQUESTS=30] [TARGET_MS=200]
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

var server = new Uri(args[0].TrimEnd('/') + "/");
var admin = args[1];
var cases = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
var requests = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30;
var target = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 200;

using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);

const string Gate = """
    apiVersion: releasegate/v1
    kind: Gate
    workflow: bench
    risk: high
    evals:
      - suite: core
        min_pass_rate: 0.80
        max_error_rate: 0.02
        slices:
          refunds: { min_pass_rate: 0.95, protected: true }
          privacy: { min_pass_rate: 0.95, protected: true }
          billing: { min_pass_rate: 0.85 }
          shipping: { min_pass_rate: 0.85 }
          account: { min_pass_rate: 0.85 }
          escalation: { min_pass_rate: 0.85 }
        no_regression: { slices: protected, method: mcnemar, alpha: 0.05, margin: 0.0 }
    severity:
      block_on: [critical]
      max_failures: { high: 5 }
    policies:
      - id: tool-allowlist
        rule: "release.tools.all(t, t in ['search_kb', 'lookup_order', 'issue_refund', 'create_return_label'])"
        effect: block
        message: the agent may use approved tools only
      - id: latency-ceiling
        rule: "evals['core'].latency_ms.p95 <= 4000"
        effect: block
        message: 95% of cases must answer within 4 seconds
    evidence:
      required: [model-card]
    approvals:
      - { stage: product, group: support-leads, count: 1 }
    """;
await Check(await http.PutAsync("api/v1/workflows/bench", new StringContent(Gate, Encoding.UTF8, "application/yaml")), "registering the gate");

var seeding = Stopwatch.StartNew();
var baseline = await SubmitAsync("2026.10.0", "model-a", "temperature: 0.3");
await UploadAsync(baseline, Lines(200, candidateFailsEvery: 0, target: "candidate"));
// The baseline's one approval, by a member of the stage's group who did not submit it.
await Check(await http.PostAsJsonAsync("api/v1/groups", new { name = "support-leads" }), "creating the group");
await Check(await http.PostAsJsonAsync("api/v1/users", new { name = "lead", groups = new[] { "support-leads" } }), "creating the approver");
using (var token = await http.PostAsJsonAsync("api/v1/tokens", new { user = "lead", scopes = new[] { "approve" } }))
{
    await Check(token, "creating the approver's token");
    using var lead = new HttpClient { BaseAddress = server };
    lead.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonNode.Parse(await token.Content.ReadAsStringAsync())!["token"]!.GetValue<string>());
    await Check(await lead.PostAsJsonAsync($"api/v1/releases/{baseline}/approvals", new { stage = "product", comment = "fine" }), "approving the baseline");
}

await Check(await http.PostAsJsonAsync($"api/v1/releases/{baseline}/ship", new { }), "shipping the baseline");

var candidate = await SubmitAsync("2026.11.0", "model-b", "temperature: 0.2");
// Uploaded in parts, as CI uploads one file per suite run: each part is a run of the release.
const int PerUpload = 25_000;
for (var start = 0; start < cases; start += PerUpload)
{
    var part = new StringBuilder();
    foreach (var side in new[] { "candidate", "baseline" })
    {
        part.Append(Lines(Math.Min(PerUpload, cases - start), side == "candidate" ? 9 : 40, side, start));
    }

    await UploadAsync(candidate, part.ToString());
}

Console.WriteLine($"seeded: a baseline, and release {candidate} with {cases:N0} cases (candidate and baseline lines) in {seeding.Elapsed.TotalSeconds:F1} s");

// Sign in as a person does: the form's CSRF cookie and field, then the session cookie.
var cookies = new CookieContainer();
using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server };
var form = await browser.GetStringAsync("sign-in");
var csrf = Regex.Match(form, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value;
using (var signIn = await browser.PostAsync("sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = csrf, ["next"] = "/", ["token"] = admin })))
{
    if (signIn.StatusCode != HttpStatusCode.Redirect)
    {
        Console.Error.WriteLine($"signing in: {(int)signIn.StatusCode}");
        return 1;
    }
}

var pageUrl = $"releases/{candidate}";
var jsonUrl = $"api/v1/releases/{candidate}/decision";
var html = await browser.GetStringAsync(pageUrl);
foreach (var section in new[] { "id=\"components\"", "id=\"attachments\"", "id=\"policies\"", "id=\"waivers\"", "id=\"history\"", "and ", "svg class=\"chart\"" })
{
    if (!html.Contains(section, StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"the decision page lacks '{section}'");
        return 1;
    }
}

Console.WriteLine($"page: {html.Length / 1024.0:F0} KB of HTML; decision JSON: {(await http.GetStringAsync(jsonUrl)).Length / 1024.0:F0} KB");

// Warm both paths (JIT, caches), then interleave them so that the machine's noise falls on both alike.
for (var i = 0; i < 5; i++)
{
    await browser.GetStringAsync(pageUrl);
    await http.GetStringAsync(jsonUrl);
}

var page = new List<double>();
var json = new List<double>();
for (var i = 0; i < requests; i++)
{
    page.Add(await TimeAsync(browser, pageUrl));
    json.Add(await TimeAsync(http, jsonUrl));
}

var (pageMedian, pageP95) = (Percentile(page, 0.5), Percentile(page, 0.95));
var (jsonMedian, jsonP95) = (Percentile(json, 0.5), Percentile(json, 0.95));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"GET /releases/{{id}}               median {pageMedian,7:F1} ms   p95 {pageP95,7:F1} ms   ({requests} requests)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"GET /api/v1/releases/{{id}}/decision median {jsonMedian,7:F1} ms   p95 {jsonP95,7:F1} ms   (reference)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"page / decision JSON: {pageMedian / jsonMedian:F1}x at the median; target: page p95 under {target} ms"));

// The case page beside it, for the record (no target): it reads one case's lines from every run of the release.
var casePage = new List<double>();
for (var i = 0; i < Math.Min(requests, 10); i++)
{
    casePage.Add(await TimeAsync(browser, $"releases/{candidate}/cases/case-{(i * 7919) % cases:D6}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"GET /releases/{{id}}/cases/{{case}}   median {Percentile(casePage, 0.5),7:F1} ms   p95 {Percentile(casePage, 0.95),7:F1} ms   ({casePage.Count} requests)"));
return pageP95 < target ? 0 : 1;

async Task<double> TimeAsync(HttpClient client, string url)
{
    var watch = Stopwatch.StartNew();
    using var answer = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
    watch.Stop();
    if (!answer.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"GET {url}: {(int)answer.StatusCode}");
    }

    return watch.Elapsed.TotalMilliseconds;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

async Task<long> SubmitAsync(string version, string model, string config)
{
    var manifest = $"""
        apiVersion: releasegate/v1
        kind: Release
        workflow: bench
        version: "{version}"
        components:
          model: {model}
          prompts:
            system: prompts/system-{version}.md
          tools: [search_kb, lookup_order, issue_refund]
          config:
            {config}
            max_output_tokens: 600
        attachments:
          model-card: docs/model-card-{version}.md
        """;
    using var multipart = new MultipartFormDataContent();
    multipart.Add(new StringContent(manifest), "manifest", "release.yaml");
    multipart.Add(new ByteArrayContent(Encoding.UTF8.GetBytes($"You are the support agent, release {version}.\n" + new string('-', 2000))), $"prompts/system-{version}.md", "system.md");
    multipart.Add(new ByteArrayContent(Encoding.UTF8.GetBytes($"# Model card {version}\n\n" + string.Concat(Enumerable.Repeat("Evaluated on the core suite.\n", 200)))), $"docs/model-card-{version}.md", "card.md");
    using var submitted = await http.PostAsync("api/v1/workflows/bench/releases", multipart);
    await Check(submitted, $"submitting {version}");
    return JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
}

async Task UploadAsync(long release, string lines)
{
    using var content = new StringContent(lines, Encoding.UTF8, "application/x-ndjson");
    await Check(await http.PostAsync($"api/v1/releases/{release}/evidence?name=core.jsonl", content), $"uploading evidence of release {release}");
}

// Deterministic results: case i of slice i % 6; a case fails when its seeded draw says so (every Nth on average), with
// refunds failing more on the candidate (the regression the chart shows) and a few critical cases.
static string Lines(int count, int candidateFailsEvery, string target, int start = 0)
{
    string[] slices = ["refunds", "privacy", "billing", "shipping", "account", "escalation"];
    var random = new Random(20261207 + start + (target == "baseline" ? 1 : 0));
    var text = new StringBuilder(count * 420);
    for (var n = start; n < start + count; n++)
    {
        var slice = slices[n % slices.Length];
        var draw = random.Next(1000);
        var fails = candidateFailsEvery > 0 && (draw < 1000 / candidateFailsEvery || (target == "candidate" && slice == "refunds" && draw < 80));
        var severity = n % 5000 == 0 ? "critical" : n % 7 == 0 ? "high" : "medium";
        var output = fails
            ? $"Order NW-{n:D6}: we turned your refund into store credit.\\nAnything else?"
            : $"Order NW-{n:D6}: your refund was issued to the original payment method.\\nIt takes 5-10 business days to appear.";
        text.Append(CultureInfo.InvariantCulture,
            $$"""{"suite":"core","case":"case-{{n:D6}}","repeat":0,"target":"{{target}}","slices":["{{slice}}"],"severity":"{{severity}}","pass":{{(fails ? "false" : "true")}},"score":{{(fails ? "0" : "1")}},"error":null,"latency_ms":{{800 + (draw % 900)}},"output":"{{output}}","assertions":[{"type":"icontains","pass":{{(fails ? "false" : "true")}},"reason":"checked \"business days\""},{"type":"not-icontains","pass":{{(fails ? "false" : "true")}},"reason":"checked \"store credit\""}]}""");
        text.Append('\n');
    }

    return text.ToString();
}

static async Task Check(HttpResponseMessage answer, string what)
{
    if (!answer.IsSuccessStatusCode && answer.StatusCode != HttpStatusCode.Conflict)
    {
        throw new InvalidOperationException($"{what}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }
}
