using System.Text.RegularExpressions;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>A case's conversation (<c>messages</c>) and regression-bank key (<c>bank</c>).</summary>
public static partial class SuiteParser
{
    /// <summary>The provenance keys of a case's <c>bank</c>, the four that are given together first.</summary>
    internal static readonly string[] ProvenanceKeys = ["source", "added_by", "added_at", "reason", "incident", "release", "reference", "original_output"];

    private static List<ChatTurn>? ReadMessages(YamlNode? node, YamlReadContext context)
    {
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        var items = context.Sequence(node, "messages");
        if (node is not YamlSequence)
        {
            return null;
        }

        if (items.Count == 0)
        {
            context.Error(ErrorCodes.ConversationShape, Messages.ConversationEmpty, node);
            return null;
        }

        var turns = new List<ChatTurn>();
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = context.Errors.Count;
        foreach (var item in items)
        {
            if (context.Mapping(item, "messages", "a conversation turn") is not { } t)
            {
                continue;
            }

            var role = t.Choice("role", ChatRoleChoices, required: true);
            var contentNode = t.Get("content");
            var content = context.String(contentNode, "content");
            var toolCallsNode = t.Get("tool_calls");
            var toolCalls = ReadToolCalls(toolCallsNode, context, calls);
            var toolCallIdNode = t.Get("tool_call_id");
            var toolCallId = context.String(toolCallIdNode, "tool_call_id");
            t.Finish();
            if (role is not { } r)
            {
                continue;
            }

            var word = ChatRoles[r];
            if (toolCallsNode is not (null or YamlScalar { IsNull: true }) && word != "assistant")
            {
                context.Error(ErrorCodes.ConversationShape, Messages.ToolCallsOutsideAssistant(word), toolCallsNode);
            }

            if (toolCallId is not null && word != "tool")
            {
                context.Error(ErrorCodes.ConversationShape, Messages.ToolCallIdOutsideTool(word), toolCallIdNode!);
            }

            switch (word)
            {
                case "assistant" when content is null && toolCalls.Count == 0:
                    context.Error(ErrorCodes.ConversationShape, Messages.AssistantTurnEmpty, t.Node);
                    break;
                case "system" or "user" or "tool" when content is null && contentNode is null or YamlScalar { IsNull: true }:
                    context.Error(ErrorCodes.MissingKey, Messages.Missing("content", $"a {word} turn"), contentNode ?? t.Node);
                    break;
            }

            if (word == "tool")
            {
                if (toolCallId is null)
                {
                    context.Error(ErrorCodes.MissingKey, Messages.Missing("tool_call_id", "a tool turn"), toolCallIdNode ?? t.Node);
                }
                else if (!calls.ContainsKey(toolCallId))
                {
                    context.Error(ErrorCodes.ToolCallUnknown, Messages.ToolCallUnknown(toolCallId), toolCallIdNode!);
                }
            }

            turns.Add(new ChatTurn { Role = word, Content = content, ToolCalls = toolCalls, ToolCallId = word == "tool" ? toolCallId : null });
            if (ReferenceEquals(item, items[^1]) && word is not ("user" or "tool"))
            {
                context.Error(ErrorCodes.ConversationShape, Messages.ConversationLast(word), item);
            }
        }

        return context.Errors.Count > before ? null : turns;
    }

    /// <summary>
    /// Whether a conversation read without locations keeps every rule <see cref="ReadMessages"/> checks: at least one turn;
    /// text for system, user and tool turns; content or tool calls for an assistant; tool calls only in assistant turns and
    /// a call id only in tool turns, naming a call made before; call ids unique; the last turn a user or tool turn.
    /// </summary>
    internal static bool IsPlainConversation(IReadOnlyList<ChatTurn> turns)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var turn in turns)
        {
            var ok = turn.Role switch
            {
                "assistant" => (turn.Content is not null || turn.ToolCalls.Count > 0) && turn.ToolCallId is null && turn.ToolCalls.All(c => calls.Add(c.Id)),
                "tool" => turn.Content is not null && turn.ToolCalls.Count == 0 && turn.ToolCallId is { } id && calls.Contains(id),
                _ => turn.Content is not null && turn.ToolCalls.Count == 0 && turn.ToolCallId is null,
            };
            if (!ok)
            {
                return false;
            }
        }

        return turns.Count > 0 && turns[^1].Role is "user" or "tool";
    }

    private static List<ChatToolCall> ReadToolCalls(YamlNode? node, YamlReadContext context, Dictionary<string, int> calls)
    {
        var result = new List<ChatToolCall>();
        foreach (var item in context.Sequence(node, "tool_calls"))
        {
            if (context.Mapping(item, "tool_calls", "a tool call") is not { } c)
            {
                continue;
            }

            var idNode = c.Get("id", required: true);
            var id = context.String(idNode, "id");
            var name = c.String("name", required: true);
            var argumentsNode = c.Get("arguments");
            string? arguments = "{}";
            switch (argumentsNode)
            {
                case null or YamlScalar { IsNull: true }:
                    break;
                case YamlScalar s:
                    arguments = s.Value;
                    break;
                case YamlMapping:
                    arguments = ReleaseParser.ToJson(argumentsNode, context, "arguments") is { } json ? CanonicalJson.Serialize(json) : null;
                    break;
                default:
                    context.Error(ErrorCodes.WrongType, Messages.WrongType("arguments", "a string of JSON, or a mapping", argumentsNode.Describe()), argumentsNode);
                    arguments = null;
                    break;
            }

            c.Finish();
            if (id is not null && !calls.TryAdd(id, c.Location.Line))
            {
                context.Error(ErrorCodes.DuplicateId, Messages.DuplicateId("tool call", id, calls[id]), idNode!);
            }

            if (id is not null && name is not null && arguments is not null)
            {
                result.Add(new ChatToolCall(id, name, arguments));
            }
        }

        return result;
    }

    private static readonly Dictionary<string, int> ChatRoleChoices = ChatRoles.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i, StringComparer.Ordinal);

    private static IReadOnlyList<string> ChatRoles => Choices.ChatRoles;

    private static BankCaseInfo? ReadBank(YamlNode? node, YamlReadContext context)
    {
        if (context.Mapping(node, "bank", "a case's 'bank'") is not { } b)
        {
            return null;
        }

        var before = context.Errors.Count;
        var stateNode = b.Get("state");
        var state = context.Choice(stateNode, "state", Choices.BankStates) ?? BankState.Active;
        var provenance = ReadProvenance(b, required: false);
        BankQuarantine? quarantine = null;
        var quarantineNode = b.Get("quarantine");
        if (context.Mapping(quarantineNode, "quarantine", "a case's 'bank.quarantine'") is { } q)
        {
            var reason = q.String("reason", required: true);
            var owner = q.String("owner", required: true);
            var until = q.Timestamp("until", required: true);
            q.Finish();
            quarantine = reason is not null && owner is not null && until is { } u ? new BankQuarantine(reason, owner, u) : null;
        }

        var retiredNode = b.Get("retired");
        var retired = context.String(retiredNode, "retired");
        var fingerprintNode = b.Get("fingerprint");
        var fingerprint = context.String(fingerprintNode, "fingerprint");
        if (fingerprint is not null && !IsFingerprint(fingerprint))
        {
            context.Error(ErrorCodes.BankFingerprintShape, Messages.BankFingerprint(fingerprint), fingerprintNode!);
        }

        b.Finish();
        var word = state.Word();
        if (state == BankState.Quarantined && IsAbsent(quarantineNode))
        {
            context.Error(ErrorCodes.BankStateIncomplete, Messages.BankStateNeeds(word, "quarantine"), stateNode!);
        }
        else if (state != BankState.Quarantined && !IsAbsent(quarantineNode))
        {
            context.Error(ErrorCodes.BankStateIncomplete, Messages.BankStateForbids("quarantine", word), quarantineNode!);
        }

        if (state == BankState.Retired && IsAbsent(retiredNode))
        {
            context.Error(ErrorCodes.BankStateIncomplete, Messages.BankStateNeeds(word, "retired"), stateNode!);
        }
        else if (state != BankState.Retired && !IsAbsent(retiredNode))
        {
            context.Error(ErrorCodes.BankStateIncomplete, Messages.BankStateForbids("retired", word), retiredNode!);
        }

        return context.Errors.Count > before
            ? null
            : new BankCaseInfo { State = state, Provenance = provenance, Quarantine = quarantine, RetiredReason = retired, Fingerprint = fingerprint };
    }

    /// <summary>
    /// Reads the provenance keys of <paramref name="m"/> (<see cref="ProvenanceKeys"/>): none of them gives no provenance;
    /// any of them needs the first four (reported, RG1038, unless <paramref name="required"/>, which reports each missing
    /// key as missing instead).
    /// </summary>
    internal static BankProvenance? ReadProvenance(MappingReader m, bool required)
    {
        var given = ProvenanceKeys.Where(k => m.Node.Entries.Any(e => e.Key.Value == k)).ToList();
        var before = m.Context.Errors.Count;
        var source = m.Choice("source", Choices.BankSources, required);
        var addedBy = m.String("added_by", required);
        var addedAt = m.Timestamp("added_at", required);
        var reason = m.String("reason", required);
        var incident = m.String("incident");
        var release = m.String("release");
        var reference = m.String("reference");
        var output = m.String("original_output");
        if (!required && given.Count > 0 && ProvenanceKeys[..4].Except(given).ToList() is { Count: > 0 } missing)
        {
            m.Context.Error(ErrorCodes.BankProvenanceIncomplete, Messages.BankProvenancePartial(missing), m.Node);
        }

        return m.Context.Errors.Count > before || source is not { } s || addedBy is null || addedAt is not { } at || reason is null
            ? null
            : new BankProvenance
            {
                Source = s, AddedBy = addedBy, AddedAt = at, Reason = reason, Incident = incident, Release = release, Reference = reference, OriginalOutput = output,
            };
    }

    private static bool IsAbsent(YamlNode? node) => node is null or YamlScalar { IsNull: true };

    /// <summary>Whether <paramref name="value"/> is a fingerprint as <see cref="BankFingerprint"/> writes it.</summary>
    internal static bool IsFingerprint(string value) => FingerprintPattern().IsMatch(value);

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex FingerprintPattern();
}
