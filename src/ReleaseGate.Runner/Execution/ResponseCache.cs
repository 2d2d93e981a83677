using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Runner.Execution;

/// <summary>
/// A content-addressed cache of target responses on disk. The key is the SHA-256 of the canonical JSON (RFC 8785) of
/// the target's identity (every setting but the API key) and the request (prompts or conversation, variables, case and repeat index,
/// so that repeats stay independent calls). Entries are written to a temporary file and renamed, so a reader never
/// sees half an entry; an unreadable entry is a miss.
/// </summary>
/// <threadsafety>Safe to use from many threads and processes.</threadsafety>
public sealed class ResponseCache(string directory)
{
    /// <summary>The cache folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>The key of <paramref name="request"/> on the target whose canonical identity is <paramref name="identity"/>.</summary>
    public static string Key(string identity, TargetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entry = new JsonObject
        {
            // 2: requests are sent as the targets file writes them (max_tokens, tool schemas, tool_choice); answers kept for
            // the requests version 1 sent answered other requests.
            ["v"] = 2.0,
            ["target"] = JsonNode.Parse(identity),
            ["suite"] = request.Suite,
            ["case"] = request.Case,
            ["repeat"] = (double)request.Repeat,
            ["system"] = request.System,
            ["user"] = request.User,
            ["vars"] = request.Vars.DeepClone(),
        };
        if (request.Conversation is not null)
        {
            // Only for a conversation, so that the keys of prompt cases stay what they were.
            entry["messages"] = request.MessagesJson();
        }

        // Through text and back, so that numbers built in code (ints) read as JSON numbers like parsed ones.
        var canonical = CanonicalJson.Serialize(JsonNode.Parse(entry.ToJsonString()));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The cached response of <paramref name="key"/>, whether it was a refusal and how long its last attempt took, or null.</summary>
    public (TargetResponse Response, bool Refusal, double? LastAttemptMs)? TryGet(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            var node = JsonNode.Parse(File.ReadAllBytes(PathOf(key)));
            if (node?["output"] is not JsonValue output || output.GetValueKind() != JsonValueKind.String)
            {
                return null;
            }

            var calls = (node["tool_calls"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(c => new ToolCall(c["name"]?.GetValue<string>() ?? "", c["arguments"]?.GetValue<string>() ?? "{}"))
                .ToList();
            var refusal = node["refusal"] is JsonValue r && r.GetValueKind() == JsonValueKind.True;
            var last = node["last_attempt_ms"] is JsonValue l && l.GetValueKind() == JsonValueKind.Number ? l.GetValue<double>() : (double?)null;
            return (new TargetResponse(output.GetValue<string>(), calls, node["latency_ms"]?.GetValue<double>() ?? 0), refusal, last);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Stores a response; failures to write are ignored (the cache is an optimisation, never evidence).</summary>
    /// <param name="key">The request's key.</param>
    /// <param name="response">The answer as the run recorded it.</param>
    /// <param name="refusal">Whether the answer is the model's refusal.</param>
    /// <param name="lastAttemptMs">How long the attempt that answered took, if known.</param>
    public void Put(string key, TargetResponse response, bool refusal = false, double? lastAttemptMs = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(response);
        var node = new JsonObject
        {
            ["output"] = response.Output,
            ["tool_calls"] = new JsonArray([.. response.ToolCalls.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments })]),
            ["latency_ms"] = response.LatencyMs,
        };
        if (refusal)
        {
            node["refusal"] = true;
        }

        if (lastAttemptMs is { } last)
        {
            node["last_attempt_ms"] = last;
        }

        var path = PathOf(key);
        var temporary = path + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporary, node.ToJsonString());
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
        }
    }

    private string PathOf(string key) => Path.Combine(Directory, key[..2], key[2..] + ".json");
}
