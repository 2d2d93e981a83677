namespace ReleaseGate.Core.Diagnostics;

/// <summary>Messages of a case's conversation and of the regression bank (issue 19).</summary>
public static partial class Messages
{
    internal const string ConversationEmpty =
        "'messages' holds no turn; give at least one, ending with a user turn (or a tool turn that answers a tool call).";

    internal static string ConversationLast(string role) =>
        $"the conversation ends with {(role == "assistant" ? "an" : "a")} {role} turn, which leaves the model nothing to answer; end it with a user turn, or a tool turn that answers the last tool call.";

    internal const string AssistantTurnEmpty =
        "an assistant turn needs 'content' or 'tool_calls' (or both); give what the assistant said or the tools it called.";

    internal static string ToolCallsOutsideAssistant(string role) =>
        $"a {role} turn cannot have 'tool_calls'; only assistant turns call tools.";

    internal static string ToolCallIdOutsideTool(string role) =>
        $"a {role} turn cannot have 'tool_call_id'; only tool turns answer a tool call.";

    internal static string ToolCallUnknown(string id) =>
        $"this tool turn answers the tool call '{DisplayText.Escape(id)}', which no earlier assistant turn made; use the 'id' of a tool call listed before it.";

    internal static string BankStateNeeds(string state, string key) =>
        $"a case in state '{state}' needs '{key}' in its 'bank'; add it (see docs/formats.md, \"Suite\").";

    internal static string BankStateForbids(string key, string state) =>
        $"'{key}' belongs to a case that is {(key == "quarantine" ? "quarantined" : "retired")}, but this case is '{state}'; remove it, or change 'state'.";

    internal static string BankProvenancePartial(IEnumerable<string> missing) =>
        $"a case's provenance is given whole or not at all: source, added_by, added_at and reason; add {string.Join(", ", missing.Select(m => $"'{m}'"))}.";

    internal static string BankFingerprint(string value) =>
        $"'fingerprint' must be 'sha256:' followed by 64 lowercase hex digits, as BankFingerprint writes it; got '{DisplayText.Escape(value)}'. Remove it to have it computed again.";

    internal static string BankJson(string what, string detail) =>
        $"the {what} is not valid JSON ({detail}); send one JSON object.";
}
