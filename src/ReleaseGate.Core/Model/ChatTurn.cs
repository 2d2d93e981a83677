namespace ReleaseGate.Core.Model;

/// <summary>
/// One message of a case's conversation (a suite case's <c>messages</c>), in the roles of OpenAI's chat completions:
/// <c>system</c>, <c>user</c>, <c>assistant</c> (with tool calls) and <c>tool</c> (a tool's answer).
/// </summary>
public sealed record ChatTurn
{
    /// <summary>The role: system, user, assistant or tool.</summary>
    public required string Role { get; init; }

    /// <summary>The text; may hold <c>{{var}}</c> placeholders like a prompt template. None for an assistant turn that only calls tools.</summary>
    public string? Content { get; init; }

    /// <summary>The tool calls of an assistant turn.</summary>
    public IReadOnlyList<ChatToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a tool turn, the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }
}
