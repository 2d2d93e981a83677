// A webhook receiver that is down for OUTAGE seconds, against a running `releasegate serve`:
//   1. registers a one-suite gate and subscribes a receiver on a loopback port to every event of it;
//   2. with the receiver down (nothing listens on its port), makes RELEASES releases move (each submitted, given
//      passing evidence and shipped: decision.changed and release.shipped events), and counts the deliveries queued;
//   3. starts the receiver OUTAGE seconds after the first event, and waits until it has every event;
//   4. reports how long after its return the last event arrived, and how many requests were duplicates of an event id
//      already received (at-least-once delivery; the receiver deduplicates by ReleaseGate-Event-Id).
// Fails (exit 1) when an event never arrives within 5 minutes of the receiver's return, when one arrives that was not
// queued, when a signature does not verify, or when any delivery became a dead letter.
//
//     dotnet run bench/webhook-outage/outage.cs -- SERVER_URL ADMIN_TOKEN RECEIVER_PORT [RELEASES=100] [OUTAGE=60]
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591
#:property PublishAot=false

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

var server = new Uri(args[0].TrimEnd('/') + "/");
var admin = args[1];
var port = int.Parse(args[2], CultureInfo.InvariantCulture);
var releases = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
var outage = TimeSpan.FromSeconds(args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 60);

using var http = new HttpClient { BaseAddress = server };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
var gate = """
    apiVersion: releasegate/v1
    kind: Gate
    workflow: outage
    risk: low
    evals:
      - suite: core
        min_pass_rate: 0.5
    """;
(await http.PutAsync("api/v1/workflows/outage", new StringContent(gate, Encoding.UTF8, "application/yaml"))).EnsureSuccessStatusCode();
using var added = await http.PostAsJsonAsync("api/v1/webhooks", new { workflow = "outage", url = $"http://127.0.0.1:{port}/hook", events = new[] { "*" } });
var subscription = JsonNode.Parse(await added.Content.ReadAsStringAsync())!;
if (!added.IsSuccessStatusCode)
{
    Console.Error.WriteLine($"adding the subscription: {(int)added.StatusCode} {subscription}");
    return 1;
}

var hookId = subscription["webhook"]!["id"]!.GetValue<long>();
var secret = Encoding.UTF8.GetBytes(subscription["secret"]!.GetValue<string>());

var down = Stopwatch.StartNew();
for (var i = 0; i < releases; i++)
{
    using var submit = await http.PostAsync("api/v1/workflows/outage/releases", new StringContent($"""
        apiVersion: releasegate/v1
        kind: Release
        workflow: outage
        version: "1.0.{i}"
        components:
          model: model-{i}
        """, Encoding.UTF8, "application/yaml"));
    var id = JsonNode.Parse(await submit.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
    using var evidence = await http.PostAsync($"api/v1/releases/{id}/evidence?target=candidate",
        new StringContent("{\"suite\":\"core\",\"case\":\"c1\",\"pass\":true}\n", Encoding.UTF8, "application/x-ndjson"));
    using var ship = await http.PostAsJsonAsync($"api/v1/releases/{id}/ship", new { });
    if (!submit.IsSuccessStatusCode || !evidence.IsSuccessStatusCode || !ship.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"release {i}: submit {(int)submit.StatusCode}, evidence {(int)evidence.StatusCode}, ship {(int)ship.StatusCode}");
        return 1;
    }
}

var queued = (await Deliveries(null)).Select(d => d["event_id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
Console.WriteLine($"{queued.Count} events queued for the receiver in {down.Elapsed.TotalSeconds:F1} s while it is down");
if (down.Elapsed < outage)
{
    await Task.Delay(outage - down.Elapsed);
}

// The receiver comes back: it answers 200 to every request whose signature verifies, and keeps each event id it sees.
var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var bad = new ConcurrentBag<string>();
using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
var back = Stopwatch.StartNew();
var lastNew = TimeSpan.Zero;
var serving = Task.Run(async () =>
{
    while (listener.IsListening)
    {
        HttpListenerContext context;
        try
        {
            context = await listener.GetContextAsync();
        }
        catch (HttpListenerException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var eventId = context.Request.Headers["ReleaseGate-Event-Id"] ?? "";
        if (!Verifies(context.Request.Headers["ReleaseGate-Signature"], body))
        {
            bad.Add($"signature of {eventId}");
        }

        if (received.AddOrUpdate(eventId, 1, (_, n) => n + 1) == 1)
        {
            lastNew = back.Elapsed;
        }

        context.Response.StatusCode = 200;
        context.Response.Close();
    }
});

while (!queued.All(received.ContainsKey) && back.Elapsed < TimeSpan.FromMinutes(5))
{
    await Task.Delay(200);
}

listener.Stop();
var dead = (await Deliveries("dead")).Count;
var missing = queued.Count(e => !received.ContainsKey(e));
var unexpected = received.Keys.Count(e => !queued.Contains(e));
var requests = received.Values.Sum();
Console.WriteLine($"RESULT releases={releases} events={queued.Count} outage_s={outage.TotalSeconds:F0} last_event_after_return_s={lastNew.TotalSeconds:F1} requests={requests} duplicates={requests - received.Count} missing={missing} unexpected={unexpected} dead={dead} bad={bad.Count}");
return missing == 0 && unexpected == 0 && dead == 0 && bad.IsEmpty ? 0 : 1;

async Task<List<JsonNode>> Deliveries(string? state)
{
    var list = JsonNode.Parse(await http.GetStringAsync($"api/v1/webhooks/{hookId}/deliveries?limit=1000{(state is null ? "" : $"&state={state}")}"))!.AsArray();
    return list.Select(n => n!).ToList();
}

bool Verifies(string? header, string body)
{
    // t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
    var parts = (header ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
    var t = parts["t"].FirstOrDefault();
    if (t is null)
    {
        return false;
    }

    var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{t}.{body}")));
    return parts["v1"].Any(v => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(v), Encoding.ASCII.GetBytes(expected)));
}
