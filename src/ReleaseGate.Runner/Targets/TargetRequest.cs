using System.Text.Json.Nodes;

namespace ReleaseGate.Runner.Targets;

/// <summary>One call of a target: the rendered prompts and what they were rendered from.</summary>
/// <param name="Suite">The suite name.</param>
/// <param name="Case">The case id.</param>
/// <param name="Repeat">The repeat index, from 0.</param>
/// <param name="System">The rendered system prompt, if any.</param>
/// <param name="User">The rendered user prompt.</param>
/// <param name="Vars">The case's variables (http bodies and commands can use them directly).</param>
public sealed record TargetRequest(string Suite, string Case, int Repeat, string? System, string User, JsonObject Vars);
