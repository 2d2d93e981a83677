using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Runner.Targets;

/// <summary>One call of a target: the rendered prompts and what they were rendered from.</summary>
/// <param name="Suite">The suite name.</param>
/// <param name="Case">The case id.</param>
/// <param name="Repeat">The repeat index, from 0.</param>
/// <param name="System">The rendered system prompt, if any (for a conversation, the text of its first system turn).</param>
/// <param name="User">The rendered user prompt (for a conversation, the text of its last user turn).</param>
/// <param name="Vars">The case's variables (http bodies and commands can use them directly).</param>
public sealed record TargetRequest(string Suite, string Case, int Repeat, string? System, string User, JsonObject Vars)
{
    /// <summary>
    /// The case's own conversation, rendered and as sent (the target's system prompt already in place); none for a case of
    /// the suite's prompts, which sends <see cref="System"/> and <see cref="User"/>.
    /// </summary>
    public IReadOnlyList<ChatTurn>? Conversation { get; init; }

    /// <summary>
    /// The messages the call sends, in OpenAI's chat-completions shape (<c>role</c>, <c>content</c>, <c>tool_calls</c>,
    /// <c>tool_call_id</c>): the conversation, or the system and user prompts as one or two messages.
    /// </summary>
    public JsonArray MessagesJson()
    {
        if (Conversation is not { } turns)
        {
            var prompts = new JsonArray();
            if (System is { Length: > 0 } system)
            {
                prompts.Add((JsonNode)new JsonObject { ["role"] = "system", ["content"] = system });
            }

            prompts.Add((JsonNode)new JsonObject { ["role"] = "user", ["content"] = User });
            return prompts;
        }

        var messages = new JsonArray();
        foreach (var turn in turns)
        {
            var message = new JsonObject { ["role"] = turn.Role, ["content"] = turn.Content };
            if (turn.ToolCalls.Count > 0)
            {
                message["tool_calls"] = new JsonArray([.. turn.ToolCalls.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
                })]);
            }

            if (turn.ToolCallId is not null)
            {
                message["tool_call_id"] = turn.ToolCallId;
            }

            messages.Add((JsonNode)message);
        }

        return messages;
    }
}
