using System.Text.Json;
using System.Text.Json.Serialization;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Client;

/// <summary>
/// The JSON contract of the request bodies the client sends, generated at build time (Native AOT has no reflection-based
/// serialization): the server's own request types, with the server's options (snake_case names, nulls written), so that
/// each body is the same JSON the client always sent. Answers are read as <see cref="System.Text.Json.Nodes.JsonNode"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(VoteRequestV1))]
[JsonSerializable(typeof(RevokeRequestV1))]
[JsonSerializable(typeof(UserRequestV1))]
[JsonSerializable(typeof(GroupRequestV1))]
[JsonSerializable(typeof(MemberRequestV1))]
[JsonSerializable(typeof(TokenRequestV1))]
// A waiver grant sends its expiry as TimestampText writes it (2026-12-01T00:00:00Z), which WaiverRequestV1's
// DateTimeOffset would write as +00:00; and ship sends an empty object.
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class ClientJson : JsonSerializerContext;
