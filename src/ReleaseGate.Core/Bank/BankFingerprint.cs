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
/// Only the input counts: the variables, or, for a case with its own conversation, the conversation as it is sent (each
/// turn's placeholders filled from the variables); not the id, description, assertions, severity, slices or bank key. The input is written as canonical JSON (RFC 8785: keys sorted by UTF-16 code units at every depth, numbers
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
        // A conversation is fingerprinted as it is sent, its placeholders filled from the case's variables: the same question
        // banked from a release (a template and its vars) and from a production trace (the text as sent) is one case.
        // Variables no placeholder reads still count: an http or command target receives them.
        JsonObject input;
        if (suiteCase.Messages is { } messages)
        {
            var read = new HashSet<string>(StringComparer.Ordinal);
            input = new JsonObject { ["messages"] = Conversation(messages, suiteCase.Vars, read) };
            var rest = new JsonObject(suiteCase.Vars.Where(p => !read.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            if (rest.Count > 0)
            {
                input["vars"] = Normalise(rest);
            }
        }
        else
        {
            input = new JsonObject { ["vars"] = Normalise(suiteCase.Vars) };
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

    private static JsonArray Conversation(IReadOnlyList<ChatTurn> turns, JsonObject vars, HashSet<string> read)
    {
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new JsonArray();
        foreach (var turn in turns)
        {
            var json = new JsonObject { ["role"] = turn.Role, ["content"] = turn.Content is null ? null : NormaliseText(Render(turn.Content, vars, read)) };
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

    /// <summary>
    /// Fills each <c>{{name}}</c> or <c>{{a.b}}</c> placeholder from <paramref name="vars"/> as the runner does (a string as it is,
    /// any other value as JSON); a placeholder without a value stays as written. Adds the variables read to <paramref name="read"/>.
    /// </summary>
    private static string Render(string template, JsonObject vars, HashSet<string> read)
    {
        var open = template.IndexOf("{{", StringComparison.Ordinal);
        if (open < 0 || vars.Count == 0)
        {
            return template;
        }

        var text = new StringBuilder(template.Length + 64);
        var position = 0;
        while (open >= 0)
        {
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            text.Append(template, position, open - position);
            JsonNode? value = vars;
            var path = template[(open + 2)..close].Trim().Split('.');
            read.Add(path[0]);
            foreach (var step in path)
            {
                value = value is JsonObject o && o.TryGetPropertyValue(step, out var next) ? next : null;
            }

            text.Append(value switch
            {
                null => template[open..(close + 2)],
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => value.ToJsonString(),
            });
            position = close + 2;
            open = template.IndexOf("{{", position, StringComparison.Ordinal);
        }

        return text.Append(template, position, template.Length - position).ToString();
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
