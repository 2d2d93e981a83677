using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Bank;

/// <summary>
/// The fingerprint of a case's normalised input, by which the bank finds a case it already holds: two inputs that differ
/// only in whitespace, the order of keys or the case of letters are the same input.
/// </summary>
/// <remarks>
/// Only the input counts: the variables and the conversation; not the id, description, assertions, severity, slices or
/// bank key. The input is written as canonical JSON (RFC 8785: keys sorted by UTF-16 code units at every depth, numbers
/// as ECMAScript prints them) after every string value is normalised: Unicode NFC, trimmed, every run of whitespace made
/// one space, lower-cased (invariant culture). Keys are kept as written, since variable names are not free text. A
/// conversation counts each turn's role, content, tool calls (name and arguments: parsed and normalised as JSON when they
/// are JSON, else normalised as text) and, for a tool turn, which call it answers, by the call's place in the
/// conversation: call ids are random per trace, so the same exchange keeps its fingerprint under new ids.
/// </remarks>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static class BankFingerprint
{
    /// <summary>The fingerprint of <paramref name="suiteCase"/>'s input, as <c>sha256:</c> and 64 lowercase hex digits.</summary>
    /// <param name="suiteCase">The case.</param>
    public static string Of(SuiteCase suiteCase)
    {
        ArgumentNullException.ThrowIfNull(suiteCase);
        var input = new JsonObject { ["vars"] = Normalise(suiteCase.Vars) };
        if (suiteCase.Messages is { } messages)
        {
            input["messages"] = Conversation(messages);
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(input))));
    }

    /// <summary>
    /// Normalises free text as the fingerprint does: NFC, trimmed, whitespace runs made one space, lower-cased.
    /// </summary>
    /// <param name="text">The text.</param>
    public static string NormaliseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nfc = UnicodeNfc.Normalize(text);
        var builder = new StringBuilder(nfc.Length);
        var space = false;
        foreach (var ch in nfc)
        {
            if (char.IsWhiteSpace(ch))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(ch);
        }

        return builder.ToString().ToLower(CultureInfo.InvariantCulture);
    }

    private static JsonArray Conversation(IReadOnlyList<ChatTurn> turns)
    {
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new JsonArray();
        foreach (var turn in turns)
        {
            var json = new JsonObject { ["role"] = turn.Role, ["content"] = turn.Content is null ? null : NormaliseText(turn.Content) };
            if (turn.ToolCalls.Count > 0)
            {
                json["tool_calls"] = new JsonArray([.. turn.ToolCalls.Select(c =>
                {
                    calls.TryAdd(c.Id, calls.Count);
                    return (JsonNode)new JsonObject { ["name"] = NormaliseText(c.Name), ["arguments"] = Arguments(c.Arguments) };
                })]);
            }

            if (turn.ToolCallId is { } answered)
            {
                // The call's place, not its id; an id no call declared (not from a parsed suite) keeps its text.
                json["answers"] = calls.TryGetValue(answered, out var index) ? index : NormaliseText(answered);
            }

            result.Add((JsonNode)json);
        }

        return result;
    }

    private static JsonObject Arguments(string arguments)
    {
        try
        {
            return new JsonObject { ["json"] = Normalise(JsonNode.Parse(arguments)) };
        }
        catch (JsonException)
        {
            return new JsonObject { ["text"] = NormaliseText(arguments) };
        }
    }

    private static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Normalise)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => NormaliseText(value.GetValue<string>()),
        JsonValue value => value.DeepClone(),
        _ => null,
    };
}
