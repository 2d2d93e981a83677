using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Targets;

/// <summary>A target as a targets file or the command line defines it (docs/formats.md, "Targets").</summary>
public sealed record TargetDefinition
{
    /// <summary>The id the command line names it by; results record it as <c>target_id</c>.</summary>
    public required string Id { get; init; }

    /// <summary>How it is called.</summary>
    public required TargetKind Kind { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>openai: the base URL, ending in <c>/v1</c>; http: the URL posted to.</summary>
    public Uri? Url { get; init; }

    /// <summary>openai: the model name.</summary>
    public string? Model { get; init; }

    /// <summary>openai, http: the environment variable holding the API key (sent as a bearer token), if any.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>openai: request parameters (<c>temperature</c>, <c>max_tokens</c>, <c>top_p</c>, <c>seed</c>, <c>stop</c>…).</summary>
    public JsonObject Parameters { get; init; } = [];

    /// <summary>openai: tools the model may call.</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>A system prompt template that replaces the suite's (the release's prompt), if any.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>http: the JSON body template.</summary>
    public JsonNode? Body { get; init; }

    /// <summary>http: extra request headers (values are templates).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>http: the JSON pointer of the output in the answer.</summary>
    public string OutputPointer { get; init; } = "";

    /// <summary>http: the JSON pointer of a tool-call list (<c>[{name, arguments}]</c> or OpenAI's form), if any.</summary>
    public string? ToolCallsPointer { get; init; }

    /// <summary>command: the program and its arguments.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>A per-request timeout that replaces the run's, if any, longer or shorter.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The per-request timeout that applies to this target: its own <see cref="Timeout"/> when set, else
    /// <paramref name="runTimeout"/>. It bounds each attempt, the OpenAI SDK's network timeout included, and a timeout error names it.
    /// </summary>
    /// <param name="runTimeout">The run's per-request timeout (<c>--timeout</c>).</param>
    public TimeSpan EffectiveTimeout(TimeSpan runTimeout) => Timeout ?? runTimeout;

    /// <summary>
    /// What identifies the target's behaviour for the response cache: every setting except the API key's value
    /// (its variable's name is included).
    /// </summary>
    public JsonObject Identity() => new()
    {
        ["id"] = Id,
        ["kind"] = Kind.ToString(),
        ["url"] = Url?.ToString(),
        ["model"] = Model,
        ["parameters"] = Parameters.DeepClone(),
        ["tools"] = new JsonArray([.. Tools.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["description"] = t.Description, ["parameters"] = t.Parameters.DeepClone() })]),
        ["system"] = SystemPrompt,
        ["body"] = Body?.DeepClone(),
        ["headers"] = new JsonObject([.. Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))]),
        ["output"] = OutputPointer,
        ["tool_calls"] = ToolCallsPointer,
        ["command"] = new JsonArray([.. Command.Select(c => (JsonNode)c)]),
    };
}
