using System.Text.Json.Nodes;

namespace ReleaseGate.Runner.Targets;

/// <summary>A tool (function) the model may call; the runner does not run it, it keeps the calls in the result.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Description">What the tool does, for the model.</param>
/// <param name="Parameters">The JSON Schema of its arguments.</param>
public sealed record ToolDefinition(string Name, string? Description, JsonObject Parameters);
