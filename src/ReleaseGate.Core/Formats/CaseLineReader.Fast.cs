using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Formats;

/// <summary>
/// The fast path of <see cref="CaseLineReader"/>: reads a JSONL case line with a <see cref="Utf8JsonReader"/> when it is
/// plainly valid. Anything unusual — an unknown or repeated key, a null, a wrong type, a bad name, a number out of range —
/// returns null, and the reader falls back to the located reader (<see cref="SuiteParser.ReadCaseLine"/>), which reports
/// it precisely; a differential test holds the two to the same cases. Assertions read here carry the case's location (column 1); the validation pass re-reads a line with the
/// located reader when one of its assertions does not compile, so that the error names the assertion's own column.
/// </summary>
/// <remarks>
/// Values keep the JSON they were written as: strings and booleans as such, numbers as their JSON text (as
/// <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> keeps them), so prompts render alike
/// whichever reader read the line.
/// </remarks>
public static partial class CaseLineReader
{
    private static readonly HashSet<string> AssertionTypes = new(SuiteParser.AssertionTypes, StringComparer.Ordinal);

    // Finds an assertion type by its characters, so that reading one allocates no string.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AssertionTypeLookup = AssertionTypes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    private enum Key
    {
        None = 0,
        Id = 1,
        Description = 2,
        Slices = 4,
        Severity = 8,
        Vars = 16,
        Assert = 32,
        Messages = 64,
        Bank = 128,
    }

    /// <summary>Reads a case line given as UTF-8, which must be valid (a caller checks, or decodes the line first).</summary>
    internal static SuiteCase? TryReadPlain(Suite suite, ReadOnlySpan<byte> line, string file, int lineNumber)
    {
        try
        {
            var reader = new Utf8JsonReader(line, Options);
            return Read(ref reader, suite, new SourceLocation(file, lineNumber, 1));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Not plainly valid: the located reader says what is wrong and where.
            return null;
        }
    }

    private static SuiteCase? Read(ref Utf8JsonReader reader, Suite suite, SourceLocation location)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? id = null;
        string? description = null;
        List<ChatTurn>? messages = null;
        BankCaseInfo? bank = null;
        var slices = suite.Defaults.Slices;
        var severity = suite.Defaults.Severity;
        JsonObject? vars = null;
        List<SuiteAssertion>? own = null;
        var seen = Key.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = CaseKey(ref reader);
            if (key == Key.None || (seen & key) != 0 || !reader.Read() || reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            seen |= key;
            switch (key)
            {
                case Key.Id:
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (string.IsNullOrEmpty(id))
                    {
                        return null;
                    }

                    break;
                case Key.Description:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    description = reader.GetString();
                    break;
                case Key.Messages:
                    if ((messages = ReadMessages(ref reader)) is null)
                    {
                        return null;
                    }

                    break;
                case Key.Bank:
                    if ((bank = ReadBank(ref reader)) is null)
                    {
                        return null;
                    }

                    break;
                case Key.Slices:
                    if (ReadNames(ref reader) is not { } names)
                    {
                        return null;
                    }

                    slices = names;
                    break;
                case Key.Severity:
                    if (reader.TokenType != JsonTokenType.String || !Choices.Severities.TryGetValue(reader.GetString()!, out severity))
                    {
                        return null;
                    }

                    break;
                case Key.Vars:
                    if (reader.TokenType != JsonTokenType.StartObject || !TryReadValue(ref reader, out var v))
                    {
                        return null;
                    }

                    vars = (JsonObject)v!;
                    break;
                default:
                    if ((own = ReadAssertions(ref reader, location)) is null)
                    {
                        return null;
                    }

                    break;
            }
        }

        // The object must end here, and nothing but whitespace may follow it.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || id is null)
        {
            return null;
        }

        vars ??= [];
        foreach (var (name, value) in suite.Defaults.Vars)
        {
            vars.TryAdd(name, value?.DeepClone());
        }

        var assertions = new List<SuiteAssertion>(suite.Defaults.Assertions.Count + (own?.Count ?? 0));
        assertions.AddRange(suite.Defaults.Assertions);
        if (own is not null)
        {
            assertions.AddRange(own);
        }

        return new SuiteCase
        {
            Id = id, Description = description, Vars = vars, Slices = slices, Severity = severity, Assertions = assertions, Messages = messages,
            Bank = bank, Location = location,
        };
    }

    private static Key CaseKey(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? Key.Id
        : reader.ValueTextEquals("vars"u8) ? Key.Vars
        : reader.ValueTextEquals("assert"u8) ? Key.Assert
        : reader.ValueTextEquals("slices"u8) ? Key.Slices
        : reader.ValueTextEquals("severity"u8) ? Key.Severity
        : reader.ValueTextEquals("description"u8) ? Key.Description
        : reader.ValueTextEquals("messages"u8) ? Key.Messages
        : reader.ValueTextEquals("bank"u8) ? Key.Bank
        : Key.None;

    private static List<string>? ReadNames(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { } name || !GateParser.IsName(name))
            {
                return null;
            }

            names.Add(name);
        }

        return names;
    }

    private static List<SuiteAssertion>? ReadAssertions(ref Utf8JsonReader reader, SourceLocation location)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var result = new List<SuiteAssertion>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? type = null;
            JsonNode? value = null;
            double? threshold = null;
            double weight = 1;
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.ValueTextEquals("type"u8) ? 1
                    : reader.ValueTextEquals("value"u8) ? 2
                    : reader.ValueTextEquals("threshold"u8) ? 4
                    : reader.ValueTextEquals("weight"u8) ? 8
                    : reader.ValueTextEquals("metric"u8) ? 16
                    : 0;
                if (key == 0 || (seen & key) != 0 || !reader.Read() || (reader.TokenType == JsonTokenType.Null && key != 2))
                {
                    return null;
                }

                seen |= key;
                switch (key)
                {
                    case 1:
                        if ((type = AssertionType(ref reader)) is null)
                        {
                            return null;
                        }

                        break;
                    case 2:
                        if (!TryReadValue(ref reader, out value))
                        {
                            return null;
                        }

                        break;
                    case 4:
                        if (Number(ref reader) is not { } t)
                        {
                            return null;
                        }

                        threshold = t;
                        break;
                    case 8:
                        if (Number(ref reader) is not ({ } w and >= 0 and <= 1e6))
                        {
                            return null;
                        }

                        weight = w;
                        break;
                    default:
                        if (!TryReadValue(ref reader, out _))
                        {
                            return null;
                        }

                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || type is null)
            {
                return null;
            }

            result.Add(new SuiteAssertion(type, value, threshold, weight) { Location = location });
        }

        return result;
    }

    // A conversation whose every value is plainly valid (strings where text goes, no nulls) and that keeps the rules of
    // SuiteParser's conversation; anything else is the located reader's to report.
    private static List<ChatTurn>? ReadMessages(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var turns = new List<ChatTurn>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? role = null, content = null, toolCallId = null;
            List<ChatToolCall>? calls = null;
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.ValueTextEquals("role"u8) ? 1
                    : reader.ValueTextEquals("content"u8) ? 2
                    : reader.ValueTextEquals("tool_calls"u8) ? 4
                    : reader.ValueTextEquals("tool_call_id"u8) ? 8
                    : 0;
                if (key == 0 || (seen & key) != 0 || !reader.Read())
                {
                    return null;
                }

                seen |= key;
                if (key == 4)
                {
                    if ((calls = ReadToolCalls(ref reader)) is null)
                    {
                        return null;
                    }

                    continue;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                var text = reader.GetString();
                _ = key switch { 1 => role = text, 2 => content = text, _ => toolCallId = text };
            }

            // A tool_calls key, even an empty list, is an error outside an assistant turn.
            if (reader.TokenType != JsonTokenType.EndObject || role is null || !Choices.ChatRoles.Contains(role) || (calls is not null && role != "assistant"))
            {
                return null;
            }

            turns.Add(new ChatTurn { Role = role, Content = content, ToolCalls = calls ?? [], ToolCallId = toolCallId });
        }

        return SuiteParser.IsPlainConversation(turns) ? turns : null;
    }

    private static List<ChatToolCall>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var calls = new List<ChatToolCall>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? id = null, name = null, arguments = "{}";
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.ValueTextEquals("id"u8) ? 1 : reader.ValueTextEquals("name"u8) ? 2 : reader.ValueTextEquals("arguments"u8) ? 4 : 0;
                if (key == 0 || (seen & key) != 0 || !reader.Read())
                {
                    return null;
                }

                seen |= key;
                if (key == 4 && reader.TokenType == JsonTokenType.StartObject)
                {
                    if (!TryReadValue(ref reader, out var value))
                    {
                        return null;
                    }

                    arguments = CanonicalJson.Serialize(value);
                    continue;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                var text = reader.GetString()!;
                _ = key switch { 1 => id = text, 2 => name = text, _ => arguments = text };
            }

            if (reader.TokenType != JsonTokenType.EndObject || id is null || name is null)
            {
                return null;
            }

            calls.Add(new ChatToolCall(id, name, arguments));
        }

        return calls;
    }

    // The bank keys, in the order of the flags below.
    private static readonly string[] BankKeys =
        ["state", "source", "added_by", "added_at", "reason", "incident", "release", "reference", "original_output", "retired", "fingerprint", "quarantine"];

    // A bank key whose every value is a plain string (the quarantine a mapping of three) and that keeps the rules of
    // SuiteParser's bank key; anything else is the located reader's to report.
    private static BankCaseInfo? ReadBank(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var values = new string?[BankKeys.Length];
        BankQuarantine? quarantine = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = BankKeys.Length - 1;
            while (key >= 0 && !reader.ValueTextEquals(BankKeys[key]))
            {
                key--;
            }

            if (key < 0 || (seen & (1 << key)) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= 1 << key;
            if (key == BankKeys.Length - 1)
            {
                if ((quarantine = ReadQuarantine(ref reader)) is null)
                {
                    return null;
                }

                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            values[key] = reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return null;
        }

        var state = BankState.Active;
        if (values[0] is { } word && !Choices.BankStates.TryGetValue(word, out state))
        {
            return null;
        }

        BankProvenance? provenance = null;
        if ((seen & 0x1FE) != 0)
        {
            // Any provenance key needs the four that are given together.
            if (values[1] is null || !Choices.BankSources.TryGetValue(values[1]!, out var source) || values[2] is null
                || values[3] is null || !Yaml.TimestampText.TryParse(values[3]!, out var addedAt) || values[4] is null)
            {
                return null;
            }

            provenance = new BankProvenance
            {
                Source = source, AddedBy = values[2]!, AddedAt = addedAt, Reason = values[4]!,
                Incident = values[5], Release = values[6], Reference = values[7], OriginalOutput = values[8],
            };
        }

        var plain = (state == BankState.Quarantined) == (quarantine is not null)
            && (state == BankState.Retired) == (values[9] is not null)
            && (values[10] is null || SuiteParser.IsFingerprint(values[10]!));
        return plain
            ? new BankCaseInfo { State = state, Provenance = provenance, Quarantine = quarantine, RetiredReason = values[9], Fingerprint = values[10] }
            : null;
    }

    private static BankQuarantine? ReadQuarantine(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? reason = null, owner = null, until = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals("reason"u8) ? 1 : reader.ValueTextEquals("owner"u8) ? 2 : reader.ValueTextEquals("until"u8) ? 4 : 0;
            if (key == 0 || (seen & key) != 0 || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            seen |= key;
            var text = reader.GetString();
            _ = key switch { 1 => reason = text, 2 => owner = text, _ => until = text };
        }

        return reader.TokenType == JsonTokenType.EndObject && reason is not null && owner is not null && until is not null
            && Yaml.TimestampText.TryParse(until, out var at)
            ? new BankQuarantine(reason, owner, at)
            : null;
    }

    // The known assertion type at the reader, as the set's own string; null for anything else.
    private static string? AssertionType(ref Utf8JsonReader reader)
    {
        Span<char> text = stackalloc char[32];
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length <= text.Length
            && AssertionTypeLookup.TryGetValue(text[..reader.CopyString(text)], out var type) ? type : null;
    }

    private static double? Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    /// <summary>Reads the value at the reader as a node; false when an object in it repeats a key.</summary>
    private static bool TryReadValue(ref Utf8JsonReader reader, out JsonNode? node)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    if (!reader.Read() || obj.ContainsKey(name) || !TryReadValue(ref reader, out var item))
                    {
                        node = null;
                        return false;
                    }

                    obj.Add(name, item);
                }

                node = obj;
                return true;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!TryReadValue(ref reader, out var item))
                    {
                        node = null;
                        return false;
                    }

                    array.Add(item);
                }

                node = array;
                return true;
            case JsonTokenType.String:
                node = JsonValue.Create(reader.GetString()!);
                return true;
            case JsonTokenType.Number:
                // Kept as its JSON text, exactly as JsonNode.Parse keeps it; one too large to be finite is the located
                // reader's to report (RG1027).
                node = reader.TryGetDouble(out var number) && double.IsFinite(number) ? JsonValue.Create(JsonElement.ParseValue(ref reader)) : null;
                return node is not null;
            case JsonTokenType.True or JsonTokenType.False:
                node = JsonValue.Create(reader.GetBoolean());
                return true;
            default:
                node = null;
                return reader.TokenType == JsonTokenType.Null;
        }
    }
}
