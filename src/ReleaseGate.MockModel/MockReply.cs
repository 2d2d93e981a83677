namespace ReleaseGate.MockModel;

/// <summary>What a rule replies: text and tool calls, or a fault.</summary>
/// <param name="Answer">The assistant's text.</param>
/// <param name="ToolCalls">Tool calls the assistant makes.</param>
/// <param name="Fault">A fault to answer with instead (<c>429</c>, <c>500</c>, <c>timeout</c> or <c>malformed</c>), or null.</param>
public sealed record MockReply(string Answer, IReadOnlyList<MockToolCall> ToolCalls, string? Fault = null);

/// <summary>A tool call in a scripted answer.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments as JSON text.</param>
public sealed record MockToolCall(string Name, string Arguments);
