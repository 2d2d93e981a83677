using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Tests;

/// <summary>Bad input is answered with ProblemDetails carrying a stable code and every error, and nothing is written.</summary>
public class BadInputTests
{
    [Fact]
    public async Task A_malformed_gate_is_refused_with_every_error_located_and_no_workflow_is_created()
    {
        await using var server = await TestServer.StartAsync();
        var before = await server.Store.GetLedgerHeadAsync();
        const string Gate = """
            apiVersion: releasegate/v1
            kind: Gate
            workflow: demo
            evals:
              - suite: core
                min_pass_rte: 0.8
            approvals: [ { stage: product, group: leads
            """;

        var response = await server.RegisterGateAsync(Gate);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("RG1602", Http.Code(problem));
        var errors = problem["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.StartsWith("gate.yaml:7:", StringComparison.Ordinal) && e.Contains("RG1013"));
        Assert.Null(await server.Store.GetWorkflowAsync("demo"));
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    [Fact]
    public async Task A_gate_whose_included_file_is_missing_names_the_file_to_upload()
    {
        await using var server = await TestServer.StartAsync();
        var gate = Samples.Gate().Replace("approvals:", "policies:\n  - include: policies/org.yaml\napprovals:", StringComparison.Ordinal);

        var response = await server.RegisterGateAsync(gate);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(problem["errors"]!.AsArray(), e => e!.GetValue<string>().Contains("policies/org.yaml", StringComparison.Ordinal));
        Assert.Null(await server.Store.GetWorkflowAsync("demo"));
    }

    [Fact]
    public async Task A_gate_with_its_policy_include_and_suite_registers_as_one_bundle_with_a_bundle_digest()
    {
        await using var server = await TestServer.StartAsync();
        var gate = Samples.Gate().Replace("approvals:", "policies:\n  - include: policies/org.yaml\napprovals:", StringComparison.Ordinal);
        const string Policies = """
            apiVersion: releasegate/v1
            kind: Policies
            policies:
              - id: model-named
                rule: "release.model != ''"
                effect: block
            """;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(gate), "gate", "gate.yaml" },
            { new StringContent(Policies), "policies/org.yaml", "org.yaml" },
        };
        using var admin = server.Client(server.AdminToken);

        var (status, body) = await admin.SendAsync(HttpMethod.Put, "api/v1/workflows/demo", form);

        Assert.Equal(200, status);
        var digest = body!["workflow"]!["gate_digest"]!.GetValue<string>();
        Assert.NotEqual(Core.Formats.GateParser.DigestOf(gate), digest);
        var ci = await server.UserAsync("ci", [], "submit");
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        var (_, decision) = await submitter.GetJsonAsync($"api/v1/releases/{id}/decision");
        Assert.Contains(decision!["checks"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "policies/model-named" && c["status"]!.GetValue<string>() == "pass");
        Assert.Equal(digest, decision["gate"]!["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_results_are_refused_line_by_line_and_nothing_is_stored()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        var before = await server.Store.GetLedgerHeadAsync();
        var decisions = (await server.Store.ListDecisionsAsync(id)).Count;
        var lines = Samples.Results(9) + "{\"suite\":\"core\",\"case\":\"x\",\"pass\":tru}\n{\"suite\":\"core\"}\n";

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence?name=run.jsonl", TestServer.Jsonl(lines));

        Assert.Equal(400, status);
        Assert.Equal("RG1604", Http.Code(problem));
        var errors = problem!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.StartsWith("run.jsonl:11:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("run.jsonl:12", StringComparison.Ordinal));
        Assert.Empty(await server.Store.ListEvidenceRunsAsync(id));
        Assert.Equal(decisions, (await server.Store.ListDecisionsAsync(id)).Count);
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_whether_declared_or_streamed_and_nothing_is_stored()
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            o.MaxBodyBytes = 4096;
            o.MaxEvidenceBytes = 8192;
        });
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);
        var id = await submitter.SubmitAsync(Samples.Manifest());
        var before = await server.Store.GetLedgerHeadAsync();
        var big = string.Concat(Enumerable.Repeat(Samples.Results(10), 40));
        Assert.True(Encoding.UTF8.GetByteCount(big) > 8192);

        // Declared: Content-Length is over the limit.
        var (declared, problem) = await submitter.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence", TestServer.Jsonl(big));
        Assert.Equal(413, declared);
        Assert.Equal("RG1605", Http.Code(problem));
        Assert.Contains("limit of 8192 bytes", problem!["detail"]!.GetValue<string>());

        // Streamed: no length up front; the limit trips while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/releases/{id}/evidence") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await submitter.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
        var streamed = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("RG1605", Http.Code(streamed));

        // The evidence limit, not the smaller limit of other bodies, is the one named.
        Assert.Contains("limit of 8192 bytes", streamed!["detail"]!.GetValue<string>());

        // A JSON body over the smaller limit, streamed without a length.
        using var admin = server.Client(server.AdminToken);
        var (json, jsonProblem) = await admin.PostJsonAsync("api/v1/users", new { name = "someone", display_name = new string('x', 5000) });
        Assert.Equal(413, json);
        Assert.Equal("RG1605", Http.Code(jsonProblem));
        Assert.Contains("limit of 4096 bytes", jsonProblem!["detail"]!.GetValue<string>());

        Assert.Empty(await server.Store.ListEvidenceRunsAsync(id));
        Assert.Null(await server.Store.GetUserAsync("someone"));
        Assert.Equal(before, await server.Store.GetLedgerHeadAsync());
    }

    [Fact]
    public async Task Submitting_to_an_unknown_workflow_is_a_404_with_a_code()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        using var submitter = server.Client(ci);

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/nope/releases", new StringContent(Samples.Manifest(workflow: "nope"), Encoding.UTF8, "application/yaml"));

        Assert.Equal(404, status);
        Assert.Equal("RG1606", Http.Code(problem));
        Assert.Contains("register its gate first", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invalid_manifest_is_refused_with_its_location_and_no_release_is_stored()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        await server.RegisterGateAsync(Samples.Gate());
        using var submitter = server.Client(ci);

        var (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases",
            new StringContent(Samples.Manifest().Replace("version:", "verison:", StringComparison.Ordinal), Encoding.UTF8, "application/yaml"));

        Assert.Equal(400, status);
        Assert.Equal("RG1603", Http.Code(problem));
        Assert.Contains(problem!["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("release.yaml:4:", StringComparison.Ordinal));
        Assert.Empty(await server.Store.ListReleasesAsync("demo"));
    }

    [Fact]
    public async Task Yaml_bodies_that_are_not_utf8_are_refused_with_the_line_and_column_of_the_bad_byte()
    {
        await using var server = await TestServer.StartAsync();
        var ci = await server.UserAsync("ci", [], "submit");
        using var admin = server.Client(server.AdminToken);
        using var submitter = server.Client(ci);

        // A gate whose third line holds a byte that starts no UTF-8 sequence, after "workflow: de".
        var gate = Encoding.UTF8.GetBytes(Samples.Gate()).ToList();
        gate.Insert(Encoding.UTF8.GetBytes(Samples.Gate()).AsSpan().IndexOf("workflow: de"u8) + "workflow: de".Length, 0xFF);
        var (status, problem) = await admin.SendAsync(HttpMethod.Put, "api/v1/workflows/demo", Yaml([.. gate]));
        Assert.Equal((400, "RG1602"), (status, Http.Code(problem)));
        var error = Assert.Single(problem!["errors"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("gate.yaml:3:13: RG1026:", error, StringComparison.Ordinal);
        Assert.Empty(await server.Store.ListWorkflowsAsync());

        await server.RegisterGateAsync(Samples.Gate());

        // A manifest with a BOM (dropped, as the CLI drops it) and a truncated two-byte sequence on its sixth line.
        var manifest = "\uFEFF"u8.ToArray().Concat(Encoding.UTF8.GetBytes(Samples.Manifest().Replace("model: model-", "model: \u00e9", StringComparison.Ordinal))).ToArray();
        var at = manifest.AsSpan().IndexOf("\u00e9"u8);
        manifest[at + 1] = (byte)'x';
        (status, problem) = await submitter.SendAsync(HttpMethod.Post, "api/v1/workflows/demo/releases", Yaml(manifest));
        Assert.Equal((400, "RG1603"), (status, Http.Code(problem)));
        error = Assert.Single(problem!["errors"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("release.yaml:6:10: RG1026:", error, StringComparison.Ordinal);
        Assert.Empty(await server.Store.ListReleasesAsync("demo"));

        static ByteArrayContent Yaml(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
            return content;
        }
    }

    [Fact]
    public async Task A_malformed_json_body_and_a_wrong_media_type_get_codes()
    {
        await using var server = await TestServer.StartAsync();
        var lead = await server.UserAsync("lena", ["leads"], "approve");
        using var lena = server.Client(lead);

        var (status, problem) = await lena.SendAsync(HttpMethod.Post, "api/v1/releases/1/approvals", new StringContent("{\"stage\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(400, status);
        Assert.Equal("RG1601", Http.Code(problem));

        using var admin = server.Client(server.AdminToken);
        var (media, mediaProblem) = await admin.SendAsync(HttpMethod.Put, "api/v1/workflows/demo", new StringContent("<gate/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(415, media);
        Assert.Equal("RG1619", Http.Code(mediaProblem));

        var (missing, missingProblem) = await admin.GetJsonAsync("api/v1/no-such-thing");
        Assert.Equal(404, missing);
        Assert.Equal("RG1616", Http.Code(missingProblem));
    }

    [Fact]
    public async Task A_gate_sent_to_another_workflow_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(server.AdminToken);

        var (status, problem) = await admin.SendAsync(HttpMethod.Put, "api/v1/workflows/other", new StringContent(Samples.Gate(), Encoding.UTF8, "application/yaml"));

        Assert.Equal(400, status);
        Assert.Equal("RG1602", Http.Code(problem));
        Assert.Null(await server.Store.GetWorkflowAsync("other"));
        Assert.Null(await server.Store.GetWorkflowAsync("demo"));
    }
}
