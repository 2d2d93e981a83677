using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Server.Tests.Api;

/// <summary>
/// The source-generated contract (<see cref="ApiJsonContext"/>, the only one Native AOT has) writes and reads every wire
/// type exactly as the reflection-based serializer did with the API's options.
/// </summary>
public class ApiJsonContextTests
{
    private static readonly DateTimeOffset When = new(2026, 11, 26, 15, 4, 5, 678, TimeSpan.FromHours(2));

    [Fact]
    public async Task Every_wire_type_is_written_and_read_as_the_reflection_serializer_does()
    {
        await using var server = await TestServer.StartAsync();
        var api = server.App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var generated = new JsonSerializerOptions(api) { TypeInfoResolver = ApiJsonContext.Default };
        var reflection = new JsonSerializerOptions(api) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        foreach (var sample in Samples())
        {
            var type = sample.GetType();
            var json = JsonSerializer.Serialize(sample, type, generated);
            Assert.Equal(JsonSerializer.Serialize(sample, type, reflection), json);
            Assert.Equal(json, JsonSerializer.Serialize(sample, type, api));
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type, generated), type, reflection));
        }
    }

    /// <summary>One value of each wire type, with nulls, an offset time, and characters the encoder escapes.</summary>
    private static List<object> Samples()
    {
        var workflow = new WorkflowV1("support-agent", "high", null, 7);
        var decision = JsonNode.Parse("""{"verdict":"pending","checks":[{"id":"a/b","status":"fail","score":0.25}],"note":"<é+&>"}""");
        var release = new ReleaseV1(12, "support-agent", "2026.11.0", "sha256:ab", "ci", "pending", When, "http://h/api/v1/releases/12", decision);
        return
        [
            workflow,
            new List<WorkflowV1> { workflow, workflow with { GateDigest = "sha256:cd", BaselineReleaseId = null } },
            new GateRegisteredV1(workflow, true, 3),
            release,
            new List<ReleaseV1> { release, release with { Decision = null } },
            new List<DecisionRecordV1> { new(1, "blocked", "sha256:e", "ci", When, decision) },
            new EvidenceStoredV1(4, "sha256:f", 120, false, release),
            new VoteRequestV1("product", "looks 'right' <b>", "sha256:e"),
            new VoteRequestV1(null, null),
            new List<ApprovalV1> { new(2, "product", "alice", "approve", "sha256:r", "sha256:e", null, true, When, "sha256:g", "sha256:s") },
            new WaiverRequestV1("evals/x/*", null, "known flake", When),
            new RevokeRequestV1("fixed"),
            new List<WaiverV1> { new(5, "support-agent", "evals/x/*", "2026.11.0", "known flake", "bob", When, When.AddDays(7), null, null) },
            new List<LedgerEntryV1> { new(9, When, "admin", "user.added", "identity", new JsonObject { ["user"] = "é", ["n"] = 1.5 }, "sha256:0", "sha256:1") },
            new LedgerVerificationV1(false, 10, 10, "sha256:1", new JsonObject { ["seq"] = 4L, ["kind"] = "HashMismatch" }),
            new LedgerVerificationV1(true, 0, 0, "", null),
            new UserRequestV1("alice", null, ["reviewers", "sec"]),
            new GroupRequestV1("sec", "security reviewers", null),
            new MemberRequestV1("alice"),
            new TokenRequestV1("ci", "pipeline", ["submit", "review"], When),
            new TokenCreatedV1(3, "ci", "pipeline", ["submit"], "rg_abc-_", null),
            new List<TokenV1> { new(3, "ci", "pipeline", ["submit"], When, null, When.AddDays(1)), new(4, "ada", "<laptop>", ["admin"], When, When, null) },
            new UserV1("alice", "Alice Ö", []),
            new GroupV1("sec", "", ["alice", "bob"]),
            new CallerV1("alice", ["sec"], ["approve"]),
        ];
    }
}
