using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Server.Tests;

/// <summary>Uploads built to hurt: long lines, bytes that are not UTF-8, traversal part names, unprintable versions.</summary>
public sealed class HostileUploadTests
{
    [Fact]
    public async Task A_results_line_over_the_line_limit_is_refused_with_RG1622_and_nothing_is_stored()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxEvidenceLineBytes = 4096);
        var (submitter, id) = await ReleaseAsync(server);
        var before = await server.Store.GetLedgerHeadAsync();
        var line = Samples.Results(10) + "{\"suite\":\"core\",\"case\":\"long\",\"pass\":true,\"output\":\"" + new string('x', 10_000) + "\"}\n" + Samples.Results(10, "b");

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence?name=long.jsonl", TestServer.Jsonl(line));

        Assert.Equal(413, status);
        Assert.Equal(ProblemCodes.LineTooLong, Http.Code(problem));
        Assert.Contains("line 11 of long.jsonl", problem!["detail"]!.GetValue<string>());
        Assert.Contains("4096 bytes", problem["detail"]!.GetValue<string>());
        Assert.Empty(await server.Store.ListEvidenceRunsAsync(id));
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    [Fact]
    public async Task Results_that_are_not_UTF8_are_refused_with_the_line_and_not_stored_as_replacement_characters()
    {
        await using var server = await TestServer.StartAsync();
        var (submitter, id) = await ReleaseAsync(server);
        var bytes = Encoding.UTF8.GetBytes(Samples.Results(10)).Concat("{\"suite\":\"core\",\"case\":\"bad\",\"pass\":true,\"output\":\""u8.ToArray())
            .Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat("\"}\n"u8.ToArray()).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence", content);

        Assert.Equal(400, status);
        Assert.Equal(ProblemCodes.InvalidResults, Http.Code(problem));
        Assert.Contains("results.jsonl:11:52: RG1026: ", problem!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).Single());
        Assert.Empty(await server.Store.ListEvidenceRunsAsync(id));
    }

    [Theory]
    [InlineData("{\"suite\":\"core\",\"case\":\"x\",\"pass\":true,\"score\":1e999}", ":48: RG1107:")]
    [InlineData("{\"suite\":\"core\",\"case\":\"x\",\"pass\":true,\"repeat\":-1}", ":40: RG1103:")]
    [InlineData("{\"suite\":\"core\",\"case\":\"x\",\"pass\":true,\"repeat\":2.5}", ":40: RG1103:")]
    [InlineData("{\"suite\":\"core\",\"case\":\"x\\u001b[2K\",\"pass\":true}", "RG1030")]
    [InlineData("{\"suite\":\"co\\u202Ere\",\"case\":\"x\",\"pass\":true}", "RG1030")]
    public async Task A_line_the_store_cannot_hold_as_uploaded_refuses_the_upload_and_nothing_is_stored(string line, string expected)
    {
        await using var server = await TestServer.StartAsync();
        var (submitter, id) = await ReleaseAsync(server);
        var before = await server.Store.GetLedgerHeadAsync();

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence", TestServer.Jsonl(Samples.Results(10) + line + "\n"));

        Assert.Equal(400, status);
        Assert.Equal(ProblemCodes.InvalidResults, Http.Code(problem));
        var error = problem!["errors"]!.AsArray().Single()!.GetValue<string>();
        Assert.StartsWith("results.jsonl:11:", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\u001b', error);
        Assert.Empty(await server.Store.ListEvidenceRunsAsync(id));
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    [Fact]
    public void Lines_are_counted_across_network_reads_whatever_they_split()
    {
        var scanner = new EvidenceScanner(64);
        var text = Encoding.UTF8.GetBytes("{\"suite\":\"core\",\"case\":\"é€😀\",\"pass\":true}\n{}\n");
        for (var i = 0; i < text.Length; i++)
        {
            Assert.True(scanner.Append(text.AsSpan(i, 1)), $"byte {i}");
        }

        Assert.Equal(3, scanner.Line);
        Assert.False(scanner.Append(new byte[65]));
        Assert.Equal(3, scanner.TooLongLine);
    }

    [Fact]
    public async Task An_upload_that_ends_inside_a_character_is_refused_at_its_column_and_not_stored()
    {
        await using var server = await TestServer.StartAsync();
        var (submitter, id) = await ReleaseAsync(server);
        var content = new ByteArrayContent([.. "{\"suite\":\"core\",\"case\":\"x\",\"pass\":true,\"output\":\""u8, 0xE2, 0x82]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence", content);

        Assert.Equal(400, status);
        Assert.Contains("results.jsonl:1:50: RG1026: ", problem!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).Single());
        Assert.Empty(await server.Store.ListEvidenceRunsAsync(id));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\windows\\win.ini")]
    [InlineData("prompts/../../x.md")]
    [InlineData("prompts/\u001b[2Ksystem.md")]
    [InlineData("prompts/\u202Edm.metsys")]
    public async Task A_part_named_outside_the_manifest_folder_or_with_control_characters_is_refused(string part)
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(Samples.Manifest()), "manifest", "release.yaml");
        form.Add(new ByteArrayContent("root:x:0:0"u8.ToArray()), part, "passwd");

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", form);

        Assert.Equal(400, status);
        Assert.Equal(ProblemCodes.InvalidRelease, Http.Code(problem));
        var error = problem!["errors"]!.AsArray().Single()!.GetValue<string>();
        Assert.Matches("RG103[01]", error);
        Assert.DoesNotContain('\u001b', error);
        Assert.DoesNotContain('\u202E', error);
        Assert.Empty(await server.Store.ListReleasesAsync("demo", null, 10));
    }

    [Fact]
    public async Task A_part_one_folder_up_as_a_manifest_in_a_releases_folder_names_it_is_taken()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(Samples.Manifest() + "\n  prompts:\n    system: ../prompts/system.md\n"), "manifest", "release.yaml");
        form.Add(new ByteArrayContent("You are helpful."u8.ToArray()), "../prompts/system.md", "system.md");

        var (status, body) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", form);

        Assert.True(status == 201, body?.ToJsonString());
    }

    [Theory]
    [InlineData("6.0\u001b[2K\rAPPROVED", "U+001B")]
    [InlineData("1.0\u0000", "U+0000")]
    [InlineData("1.0\u0007", "U+0007")]
    [InlineData("1.0\u202E", "U+202E")]
    [InlineData("1.0\u200B", "U+200B")]
    [InlineData("1.0\u0085", "U+0085")]
    public async Task A_version_with_unprintable_characters_is_refused_with_RG1030(string version, string named)
    {
        await using var server = await TestServer.StartAsync();
        var (submitter, _) = await ReleaseAsync(server);
        var manifest = Samples.Manifest().Replace("\"1.0.0\"", JsonValue.Create(version).ToJsonString(), StringComparison.Ordinal);

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", new StringContent(manifest, Encoding.UTF8, "application/yaml"));

        Assert.Equal(400, status);
        Assert.Equal(ProblemCodes.InvalidRelease, Http.Code(problem));
        var error = problem!["errors"]!.AsArray().Single()!.GetValue<string>();
        Assert.Contains("RG1030", error);
        Assert.Contains(named, error);
        Assert.Single(await server.Store.ListReleasesAsync("demo", null, 10));
    }

    [Fact]
    public async Task A_version_with_a_path_separator_is_refused_with_RG1031()
    {
        await using var server = await TestServer.StartAsync();
        var (submitter, _) = await ReleaseAsync(server);

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", new StringContent(Samples.Manifest("../2.0"), Encoding.UTF8, "application/yaml"));

        Assert.Equal(400, status);
        Assert.Contains("RG1031", problem!["errors"]!.AsArray().Single()!.GetValue<string>());
    }

    [Fact]
    public async Task No_evidence_file_is_left_on_disk_while_an_upload_streams()
    {
        await using var server = await TestServer.StartAsync();
        var (submitter, id) = await ReleaseAsync(server);
        var gate = new SemaphoreSlim(0);
        var body = new PausingStream(Encoding.UTF8.GetBytes(Samples.Results(9)), gate);
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/releases/{id}/evidence") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var upload = submitter.SendAsync(request);

        await body.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        var folder = EvidenceSpool.Folder;
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder) : []);
        gate.Release();

        using var response = await upload;
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Distinct_cases_past_the_limit_refuse_the_upload_alone_or_with_the_stored_evidence_and_nothing_is_stored()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxEvidenceCases = 20);
        var (submitter, id) = await ReleaseAsync(server);
        static string Unique(string prefix, int count) =>
            string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"suite\":\"core\",\"case\":\"{prefix}{i}\",\"pass\":true}}\n"));

        // Many lines over few cases are fine: the limit counts cases, not lines.
        var (status, body) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence",
            TestServer.Jsonl(string.Concat(Enumerable.Range(0, 50).Select(r => $"{{\"suite\":\"core\",\"case\":\"c{r % 15}\",\"repeat\":{r / 15},\"pass\":true}}\n"))));
        Assert.True(status == 201, body?.ToJsonString());
        var before = await server.Store.GetLedgerHeadAsync();

        // One upload past the limit by itself.
        (status, var problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence", TestServer.Jsonl(Unique("a", 30)));
        Assert.Equal((400, ProblemCodes.InvalidResults), (status, Http.Code(problem)));
        Assert.Contains(": RG1033: the evidence holds more than 20 distinct cases", problem!["errors"]![0]!.GetValue<string>());

        // One within it, but past it together with the 15 cases stored.
        (status, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence", TestServer.Jsonl(Unique("b", 10)));
        Assert.Equal((400, ProblemCodes.InvalidResults), (status, Http.Code(problem)));
        Assert.StartsWith("results.jsonl: RG1033:", problem!["errors"]![0]!.GetValue<string>());

        Assert.Single(await server.Store.ListEvidenceRunsAsync(id));
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    private static async Task<(HttpClient Submitter, long Id)> ReleaseAsync(TestServer server)
    {
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        var submitter = server.Client(ci);
        return (submitter, await submitter.SubmitAsync(Samples.Manifest()));
    }

    /// <summary>Sends the first half of its bytes, then waits until released before sending the rest.</summary>
    private sealed class PausingStream(byte[] bytes, SemaphoreSlim gate) : Stream
    {
        private int _position;

        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var half = bytes.Length / 2;
            if (_position == half)
            {
                Paused.TrySetResult();
                await gate.WaitAsync(cancellationToken);
            }

            var end = _position < half ? half : bytes.Length;
            var count = Math.Min(buffer.Length, end - _position);
            bytes.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
