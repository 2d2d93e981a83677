using ReleaseGate.Runner.Assertions;

namespace ReleaseGate.Runner.Targets;

/// <summary>What a target answered for one call; the runner times the call and makes it a <see cref="TargetResponse"/>.</summary>
/// <param name="Output">The text the target produced; for a refusal, the refusal's text.</param>
/// <param name="ToolCalls">The tool calls the model made, in order.</param>
public sealed record TargetAnswer(string Output, IReadOnlyList<ToolCall> ToolCalls)
{
    /// <summary>
    /// Whether the model refused (an OpenAI chat completion whose message has a <c>refusal</c>): <see cref="Output"/> is
    /// then the refusal's text, graded as any answer, and the result line says <c>"refusal": true</c>.
    /// </summary>
    public bool Refusal { get; init; }
}
