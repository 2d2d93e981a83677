using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// A hostile corpus posted with a submit-only token to a real <c>releasegate serve</c> process: every post is answered
/// with a 4xx problem carrying an RG code within seconds, the process stays up, its memory stays bounded, and nothing is
/// stored.
/// </summary>
public partial class HostileCorpusTests
{
    /// <summary>How long one hostile post may take, the 150 MiB one included (it is read and dropped, not kept).</summary>
    private static readonly TimeSpan PerPost = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How much the server's peak resident memory may grow over the whole corpus. It is below the size of the largest post
    /// (a 150 MiB results line), so a post held whole would break it; it is above what the limits let one request use (a
    /// 4 MiB line, a 4 MiB body, the read buffers) with room for the runtime's own heap growth.
    /// </summary>
    private const long MaxPeakGrowthBytes = 64L << 20;

    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        risk: high
        evals:
          - suite: core
            min_pass_rate: 0.8
        approvals:
          - { stage: product, group: leads, count: 1 }
        """;

    /// <summary>The server's limit on distinct cases per release, low so that passing it takes a small upload.</summary>
    private const int MaxCases = 2_000;

    [Fact]
    public async Task Hostile_posts_with_a_submit_token_are_refused_with_problems_and_the_server_stays_up_bounded_and_unchanged()
    {
        await using var env = await Environment.StartAsync();
        var id = env.ReleaseId;
        var cases = new List<(string Name, Func<HttpRequestMessage> Request)>
        {
            ("150 MiB results line", () => Evidence(id, new StreamContent(new LongLineStream(150L << 20)), chunked: true)),
            ("results not UTF-8", () => Evidence(id, Bytes([.. "{\"suite\":\"core\",\"case\":\"a\",\"pass\":true,\"output\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}\n"u8], "application/x-ndjson"))),
            ("score 1e999", () => Evidence(id, Text("{\"suite\":\"core\",\"case\":\"a\",\"pass\":true,\"score\":1e999}\n", "application/x-ndjson"))),
            ("more distinct cases than --max-evidence-cases", () => Evidence(id, Text(string.Concat(Enumerable.Range(0, MaxCases + 1).Select(i => $"{{\"suite\":\"core\",\"case\":\"n{i}\",\"pass\":true}}\n")), "application/x-ndjson"))),
            ("negative repeat", () => Evidence(id, Text("{\"suite\":\"core\",\"case\":\"a\",\"pass\":true,\"repeat\":-1}\n", "application/x-ndjson"))),
            ("escape in a suite name", () => Evidence(id, Text("{\"suite\":\"co\\u001b[2Kre\",\"case\":\"a\",\"pass\":true}\n", "application/x-ndjson"))),
            ("bidi override in a case id", () => Evidence(id, Text("{\"suite\":\"core\",\"case\":\"a\\u202Eb\",\"pass\":true}\n", "application/x-ndjson"))),
            ("escape in the upload name", () => new HttpRequestMessage(HttpMethod.Post, $"api/v1/releases/{id}/evidence?name=a%1b%5b2Kb") { Content = Text("{\"suite\":\"core\",\"case\":\"a\",\"pass\":true}\n", "application/x-ndjson") }),
            ("manifest not UTF-8", () => Submit(Bytes([.. Encoding.UTF8.GetBytes(Manifest("1.0.1")), .. "# \xFF\xFE"u8, 0xFF, 0xFE, (byte)'\n'], "application/yaml"))),
            ("version with an ANSI redraw", () => Submit(Text(Manifest("6.0\\e[2K\\rAPPROVED"), "application/yaml"))),
            ("version with NUL", () => Submit(Text(Manifest("6.0\\0"), "application/yaml"))),
            ("version with BEL", () => Submit(Text(Manifest("6.0\\a"), "application/yaml"))),
            ("version with a right-to-left override", () => Submit(Text(Manifest("6.0\\u202E1"), "application/yaml"))),
            ("version with a path", () => Submit(Text(Manifest("../../6.0"), "application/yaml"))),
            ("workflow with a bidi override", () => Submit(Text(Manifest("1.0.2").Replace("workflow: demo", "workflow: \"de\\u202Emo\"", StringComparison.Ordinal), "application/yaml"))),
            ("part named ../../etc/passwd", () => Submit(Parts(("../../etc/passwd", "root:x:0:0")))),
            ("part named /etc/passwd", () => Submit(Parts(("/etc/passwd", "root:x:0:0")))),
            ("part named with an escape", () => Submit(Parts(("prompts/\u001b[2Ks.md", "hi")))),
            ("gate with a submit token", () => new HttpRequestMessage(HttpMethod.Put, "api/v1/workflows/demo") { Content = Text(DeepGate(50_000), "application/yaml") }),
            ("vote with a submit token", () => new HttpRequestMessage(HttpMethod.Post, $"api/v1/releases/{id}/approvals") { Content = Text("{\"stage\":\"product\",\"comment\":\"ok\"}", "application/json") }),
            ("NUL in the query", () => new HttpRequestMessage(HttpMethod.Get, "api/v1/ledger?subject=a%00b")),
            ("escape in the path", () => new HttpRequestMessage(HttpMethod.Post, "api/v1/workflows/de%1bmo/releases") { Content = Text(Manifest("1.0.3"), "application/yaml") }),
            ("20 KiB URL", () => new HttpRequestMessage(HttpMethod.Post, "api/v1/workflows/" + new string('w', 20 * 1024) + "/releases") { Content = Text(Manifest("1.0.4"), "application/yaml") }),
        };

        await env.RunAsync(cases);

        // Kestrel answers these itself, before the application, without a body (docs/errors/RG1623.md): they are refused,
        // and the server stays up and unchanged, but they carry no problem.
        await env.RunBareAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/workflows/de%00mo"), 400);
        await env.RunBareAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/workflows/" + new string('w', 100 * 1024)), 414);

        await env.AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_manifest_nested_50000_deep_is_refused_and_the_server_stays_up()
    {
        await using var env = await Environment.StartAsync();
        await env.RunAsync(
        [
            ("flow sequences 50,000 deep", () => Submit(Text(Manifest("2.0.0") + "\n  config:\n    deep: " + new string('[', 50_000) + new string(']', 50_000) + "\n", "application/yaml"))),
            ("flow mappings 50,000 deep", () => Submit(Text(Manifest("2.0.1") + "\n  config:\n    deep: " + string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "1" + new string('}', 50_000) + "\n", "application/yaml"))),
        ]);
        await env.AssertUnchangedAsync();
    }

    [Fact]
    public async Task Alias_bombs_of_6_and_9_levels_are_refused_within_seconds()
    {
        await using var env = await Environment.StartAsync();
        await env.RunAsync(
        [
            ("alias bomb, 6 levels", () => Submit(Text(AliasBomb("3.0.0", 6), "application/yaml"))),
            ("alias bomb, 9 levels", () => Submit(Text(AliasBomb("3.0.1", 9), "application/yaml"))),
        ]);
        await env.AssertUnchangedAsync();
    }

    [Fact]
    public async Task Deep_and_alias_bomb_gates_from_an_admin_token_are_refused_and_the_server_stays_up()
    {
        // The admin scope may register gates, so the limits must hold for it too: no token may stop the server.
        await using var env = await Environment.StartAsync();
        await env.RunAsync(
        [
            ("gate with sequences 50,000 deep", () => new HttpRequestMessage(HttpMethod.Put, "api/v1/workflows/demo") { Content = Text(DeepGate(50_000), "application/yaml") }),
            ("gate with mappings 50,000 deep", () => new HttpRequestMessage(HttpMethod.Put, "api/v1/workflows/demo") { Content = Text(Gate + "\nextra: " + string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "1" + new string('}', 50_000) + "\n", "application/yaml") }),
            ("gate with an alias bomb, 6 levels", () => new HttpRequestMessage(HttpMethod.Put, "api/v1/workflows/demo") { Content = Text(GateAliasBomb(6), "application/yaml") }),
            ("gate with an alias bomb, 9 levels", () => new HttpRequestMessage(HttpMethod.Put, "api/v1/workflows/demo") { Content = Text(GateAliasBomb(9), "application/yaml") }),
        ], asAdmin: true);
        await env.AssertUnchangedAsync();
    }

    private static string Manifest(string version) => $"""
        apiVersion: releasegate/v1
        kind: Release
        workflow: demo
        version: "{version}"
        components:
          model: m-1
        """;

    private static string AliasBomb(string version, int levels)
    {
        var text = new StringBuilder(Manifest(version)).Append("\n  config:\n    l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= levels; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    l{i}: &l{i} [").Append(string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))).Append("]\n");
        }

        return text.ToString();
    }

    private static string GateAliasBomb(int levels)
    {
        var text = new StringBuilder(Gate).Append("\nextra:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= levels; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  l{i}: &l{i} [").Append(string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))).Append("]\n");
        }

        return text.ToString();
    }

    private static string DeepGate(int depth) => Gate + "\nextra: " + new string('[', depth) + new string(']', depth) + "\n";

    private static HttpRequestMessage Evidence(long id, HttpContent content, bool chunked = false)
    {
        content.Headers.ContentType ??= new MediaTypeHeaderValue("application/x-ndjson");
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/releases/{id}/evidence") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        return request;
    }

    private static HttpRequestMessage Submit(HttpContent content) => new(HttpMethod.Post, "api/v1/workflows/demo/releases") { Content = content };

    private static StringContent Text(string text, string type) => new(text, new UTF8Encoding(false), type);

    private static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static MultipartFormDataContent Parts(params (string Name, string Text)[] parts)
    {
        var form = new MultipartFormDataContent { { new StringContent(Manifest("1.0.9")), "manifest", "release.yaml" } };
        foreach (var (name, text) in parts)
        {
            form.Add(new StringContent(text), name, "file.txt");
        }

        return form;
    }

    [GeneratedRegex("^RG[0-9]{4}$")]
    private static partial Regex CodePattern();

    /// <summary>A server process, a submit-only client, one valid release, and the state the corpus must leave as it was.</summary>
    private sealed class Environment : IAsyncDisposable
    {
        private readonly TempFolder _folder;
        private readonly ServerProcess _server;
        private readonly HttpClient _submitter;
        private readonly HttpClient _reader;
        private string _state = "";
        private long _peakBefore;

        private Environment(TempFolder folder, ServerProcess server, HttpClient submitter, HttpClient reader, long releaseId)
        {
            _folder = folder;
            _server = server;
            _submitter = submitter;
            _reader = reader;
            ReleaseId = releaseId;
        }

        public long ReleaseId { get; }

        public static async Task<Environment> StartAsync()
        {
            var folder = new TempFolder();
            var db = Path.Combine(folder.Path, "rg.db");
            var admin = CliProcess.Run(folder.Path, null, "user", "bootstrap", "--db", db, "--name", "admin").Stdout.Trim();
            var server = await ServerProcess.StartAsync(db, folder.Path, "--max-evidence-cases", MaxCases.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(0, CliProcess.Run(folder.Path, null, "user", "add", "ci", "--server", server.Url, "--token", admin).ExitCode);
            var ci = CliProcess.Run(folder.Path, null, "token", "create", "--user", "ci", "--scope", "submit", "--server", server.Url, "--token", admin).Stdout.Trim();
            var reader = Client(server.Url, admin);
            using (var put = await reader.PutAsync("api/v1/workflows/demo", Text(Gate, "application/yaml")))
            {
                Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            }

            var submitter = Client(server.Url, ci);
            long id;
            using (var submitted = await submitter.PostAsync("api/v1/workflows/demo/releases", Text(Manifest("1.0.0"), "application/yaml")))
            {
                Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
                id = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
            }

            // A valid upload first: the server has paid for its code paths once before its memory is measured.
            var lines = string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"suite\":\"core\",\"case\":\"c{i}\",\"pass\":true}}\n"));
            using (var evidence = await submitter.PostAsync($"api/v1/releases/{id}/evidence", Text(lines, "application/x-ndjson")))
            {
                Assert.True(evidence.IsSuccessStatusCode, await evidence.Content.ReadAsStringAsync());
            }

            var env = new Environment(folder, server, submitter, reader, id);
            env._state = await env.StateAsync();
            env._peakBefore = Memory(server.Pid, "VmHWM");
            return env;
        }

        /// <summary>
        /// Posts each case (with the submit-only token, or the admin one when <paramref name="asAdmin"/>) and checks its
        /// answer: 4xx, a problem with an RG code, within <see cref="PerPost"/>, the server up.
        /// </summary>
        public async Task RunAsync(IEnumerable<(string Name, Func<HttpRequestMessage> Request)> cases, bool asAdmin = false)
        {
            foreach (var (name, build) in cases)
            {
                using var request = build();
                var clock = Stopwatch.StartNew();
                using var response = await (asAdmin ? _reader : _submitter).SendAsync(request).WaitAsync(PerPost * 2);
                var text = await response.Content.ReadAsStringAsync();
                clock.Stop();
                var status = (int)response.StatusCode;
                Assert.True(status is >= 400 and < 500, $"{name}: answered {status} {text}");
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{name}: {status} without a problem: {text}");
                var code = JsonNode.Parse(text)?["code"]?.GetValue<string>() ?? "";
                Assert.True(CodePattern().IsMatch(code), $"{name}: problem without an RG code: {text}");
                Assert.True(clock.Elapsed < PerPost, $"{name}: took {clock.Elapsed}");
                Assert.False(_server.HasExited, $"{name}: the server process died:\n{_server.Log}");
            }
        }

        /// <summary>Sends a request Kestrel refuses itself: the status it must get, and the server up.</summary>
        public async Task RunBareAsync(HttpRequestMessage request, int status)
        {
            using (request)
            {
                using var response = await _submitter.SendAsync(request).WaitAsync(PerPost);
                Assert.Equal(status, (int)response.StatusCode);
            }

            Assert.False(_server.HasExited, _server.Log);
        }

        /// <summary>Nothing stored (workflows, releases, decisions, ledger as before) and the peak memory within its bound.</summary>
        public async Task AssertUnchangedAsync()
        {
            Assert.False(_server.HasExited, _server.Log);
            Assert.Equal(_state, await StateAsync());
            var growth = Memory(_server.Pid, "VmHWM") - _peakBefore;
            Assert.True(growth < MaxPeakGrowthBytes, $"peak resident memory grew by {growth >> 20} MiB over the corpus (bound {MaxPeakGrowthBytes >> 20} MiB; peak before {_peakBefore >> 20} MiB)");
            using var ready = await _reader.GetAsync("health/ready");
            Assert.True(ready.IsSuccessStatusCode);
        }

        public ValueTask DisposeAsync()
        {
            _submitter.Dispose();
            _reader.Dispose();
            _server.Dispose();
            _folder.Dispose();
            return ValueTask.CompletedTask;
        }

        private async Task<string> StateAsync()
        {
            var parts = new List<string>();
            foreach (var path in new[] { "api/v1/workflows", "api/v1/workflows/demo/releases", $"api/v1/releases/{ReleaseId}/decisions", $"api/v1/releases/{ReleaseId}/approvals", "api/v1/ledger?limit=1000" })
            {
                parts.Add(path + " " + await _reader.GetStringAsync(path));
            }

            return string.Join('\n', parts);
        }

        private static HttpClient Client(string url, string token)
        {
            var client = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        /// <summary>A figure of /proc/PID/status in bytes (VmRSS now, VmHWM the peak).</summary>
        private static long Memory(int pid, string field)
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
    }

    /// <summary>One results line of <c>length</c> bytes, generated as it is read: never allocated whole.</summary>
    private sealed class LongLineStream(long length) : Stream
    {
        private static readonly byte[] Head = "{\"suite\":\"core\",\"case\":\"long\",\"pass\":true,\"output\":\""u8.ToArray();
        private static readonly byte[] Tail = "\"}\n"u8.ToArray();
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && _position < length)
            {
                var tailStart = length - Tail.Length;
                if (_position < Head.Length)
                {
                    buffer[written++] = Head[_position++];
                }
                else if (_position >= tailStart)
                {
                    buffer[written++] = Tail[_position++ - tailStart];
                }
                else
                {
                    var run = (int)Math.Min(buffer.Length - written, tailStart - _position);
                    buffer.Slice(written, run).Fill((byte)'x');
                    written += run;
                    _position += run;
                }
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
