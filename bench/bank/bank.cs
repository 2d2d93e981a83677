// The regression bank under load, against a running `releasegate serve`:
//   1. ADDS single-case additions (POST /api/v1/workflows/bench/bank), one at a time, every fifth a near-duplicate of an
//      earlier case (other whitespace, key order and letter case), which must be linked, not added; each add interleaved
//      with GET /health/live, the floor of one request measured in the same run. Reports p50/p90/p99/max of both.
//   2. fills the bank to TOTAL cases, in requests of 5,000 cases, and reports cases a second.
// Fails (exit 1) when an addition's outcome is not the expected one or the bank does not end with TOTAL cases.
//
//     dotnet run bench/bank/bank.cs -- SERVER_URL ADMIN_TOKEN [ADDS=2000] [TOTAL=50000]
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
var adds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
var total = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50_000;

using var http = Client(admin);
http.BaseAddress = server;
var gate = """
    apiVersion: releasegate/v1
    kind: Gate
    workflow: bench
    risk: low
    regressions:
      suite: bank
      must_pass: [critical, high]
    """;
using (var put = await http.PutAsync("api/v1/workflows/bench", new StringContent(gate, Encoding.UTF8, "application/yaml")))
{
    put.EnsureSuccessStatusCode();
}

// A realistic case: a customer message of a few hundred characters, an order number, two assertions.
static JsonObject Case(int i, bool variant)
{
    var message = $"Hello, I ordered item {i} (order NW-{100000 + i}) and it arrived damaged, the box was crushed and the strap is torn. I would like my money back to the card I paid with, not store credit, please confirm when it is done.";
    var vars = new JsonObject();
    if (variant)
    {
        // Key order, letter case and whitespace differ; the normalised input does not.
        vars["order"] = $"NW-{100000 + i}";
        vars["message"] = "  " + message.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal) + "\n";
    }
    else
    {
        vars["message"] = message;
        vars["order"] = $"NW-{100000 + i}";
    }

    return new JsonObject
    {
        ["id"] = variant ? $"dup-{i}" : $"case-{i:D6}",
        ["severity"] = (i % 4) switch { 0 => "critical", 1 => "high", 2 => "medium", _ => "low" },
        ["slices"] = new JsonArray("refunds"),
        ["vars"] = vars,
        ["assert"] = new JsonArray(
            new JsonObject { ["type"] = "tool-called", ["value"] = "issue_refund" },
            new JsonObject { ["type"] = "not-icontains", ["value"] = "store credit" }),
    };
}

var add = new List<double>(adds);
var floor = new List<double>(adds);
var failures = 0;
var next = 0;
for (var n = 0; n < adds; n++)
{
    var duplicate = n % 5 == 4;
    var body = new { reason = "bench", incident = $"INC-{n}", source = "incident", cases = new[] { duplicate ? Case(n / 2, variant: true) : Case(next++, variant: false) } };
    var watch = Stopwatch.StartNew();
    using (var response = await http.PostAsJsonAsync($"api/v1/workflows/bench/bank", body))
    {
        var text = await response.Content.ReadAsStringAsync();
        add.Add(watch.Elapsed.TotalMilliseconds);
        var outcome = response.IsSuccessStatusCode ? JsonNode.Parse(text)![0]!["outcome"]!.GetValue<string>() : $"{(int)response.StatusCode}: {text}";
        if (outcome != (duplicate ? "linked" : "added"))
        {
            failures++;
            Console.Error.WriteLine($"add {n}: {outcome}");
        }
    }

    watch.Restart();
    using (var live = await http.GetAsync("health/live"))
    {
        await live.Content.ReadAsStringAsync();
        floor.Add(watch.Elapsed.TotalMilliseconds);
    }
}

Console.WriteLine($"add one case      {Figures(add)}   ({adds} adds, {adds / 5} of them near-duplicates, linked)");
Console.WriteLine($"floor (health)    {Figures(floor)}");

var fill = Stopwatch.StartNew();
while (next < total)
{
    var batch = new JsonArray();
    for (var i = 0; i < 5000 && next < total; i++)
    {
        batch.Add(Case(next++, variant: false));
    }

    using var response = await http.PostAsJsonAsync("api/v1/workflows/bench/bank", new { reason = "bench fill", source = "import", cases = batch });
    if (!response.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"fill: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return 1;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fill to {total:N0} cases: {total / fill.Elapsed.TotalSeconds:N0} cases/s"));
var count = 0;
string? after = null;
while (true)
{
    var page = JsonNode.Parse(await http.GetStringAsync($"api/v1/workflows/bench/bank?limit=1000{(after is null ? "" : "&after=" + after)}"))!.AsArray();
    count += page.Count;
    if (page.Count < 1000)
    {
        break;
    }

    after = page[^1]!["case"]!.GetValue<string>();
}

if (count != total)
{
    Console.Error.WriteLine($"the bank holds {count} cases, not {total}");
    failures++;
}

return failures == 0 ? 0 : 1;

static string Figures(List<double> ms)
{
    ms.Sort();
    double At(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5),6:F2} ms  p90 {At(0.9),6:F2} ms  p99 {At(0.99),6:F2} ms  max {ms[^1],7:F2} ms");
}

static HttpClient Client(string token)
{
    var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
    client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    return client;
}
