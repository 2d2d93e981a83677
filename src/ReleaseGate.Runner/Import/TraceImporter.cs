using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// Reads production traces in OpenAI's chat-completions JSON and turns each into a regression-bank candidate: a case
/// whose conversation is the request's messages (tool calls and tool answers included) and no variables, the response's
/// first choice as the original output (its text, then each tool call as a line <c>name(arguments)</c>), and the names of
/// the tools the request declared.
/// </summary>
/// <remarks>
/// <para>
/// A trace is <c>{"request": {...}, "response": {...}}</c>, or the request object itself carrying its <c>response</c> (or
/// the response's <c>choices</c>) beside <c>messages</c>. A file holds one trace, a JSON list of them, or one per line
/// (JSON Lines). A message's content is a string, or a list of <c>{"type": "text", "text"}</c> parts, joined by line
/// breaks; other parts (images, audio, files) cannot be replayed and are errors.
/// </para>
/// <para>
/// The case id is the one the caller gives for a file of one trace, else <c>trace-</c> and the first 12 hex digits of the
/// SHA-256 of the request's canonical JSON (RFC 8785, without its response): the same request gets the same id in any
/// file. The file is streamed, one trace held at a time while it is read; each trace is limited like a JSON line
/// (<see cref="InputLimits.MaxJsonLineBytes"/>, <see cref="InputLimits.MaxJsonDepth"/>), and a file to
/// <see cref="MaxTraces"/> traces. Every error names the file, the trace's line and column, and the JSON path of the field.
/// </para>
/// </remarks>
public static class TraceImporter
{
    /// <summary>The most traces one file may hold.</summary>
    public const int MaxTraces = 10_000;

    private const int MaxErrors = 20;

    /// <summary>Reads the traces in the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayName">The file name as the user gave it, for error locations and references.</param>
    /// <param name="id">The case id for a file of one trace; null names each trace by its request's hash.</param>
    /// <returns>The candidates, or every error (<see cref="BankImportCodes"/>, <c>RG1105</c> for a trace over the size limit, <c>RG1201</c> when the file cannot be read).</returns>
    public static ParseResult<BankImport> Read(string path, string displayName, string? id = null)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            return Read(stream, displayName, id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ParseResult<BankImport>.Failed([new GateError(ErrorCodes.FileUnreadable, $"cannot read the file: {e.Message}", SourceLocation.OfFile(displayName))]);
        }
    }

    /// <summary>Reads the traces in <paramref name="stream"/>.</summary>
    /// <param name="stream">The traces, UTF-8 JSON.</param>
    /// <param name="displayName">The file name as the user gave it, for error locations and references.</param>
    /// <param name="id">The case id for a file of one trace; null names each trace by its request's hash.</param>
    /// <returns>The candidates, or every error.</returns>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static ParseResult<BankImport> Read(Stream stream, string displayName, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        var file = SourceLocation.OfFile(displayName);
        if (id is not null && !BankCaseIds.IsValid(id))
        {
            return ParseResult<BankImport>.Failed([new GateError(BankImportCodes.CaseId, ImportMessages.InvalidCaseId(id), file)]);
        }

        var errors = new List<GateError>();
        var candidates = new List<BankCandidate>();
        var warnings = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        using var elements = JsonElementStream.TopLevel(stream);
        try
        {
            while (elements.Next() is var (document, line, column))
            {
                using (document)
                {
                    if (++count > MaxTraces)
                    {
                        errors.Add(new GateError(BankImportCodes.TraceFile, ImportMessages.TooManyTraces(MaxTraces), new SourceLocation(displayName, line, column)));
                        return ParseResult<BankImport>.Failed(errors);
                    }

                    var reader = new Trace(count, new SourceLocation(displayName, line, column), errors);
                    if (reader.Read(document.RootElement, displayName) is not { } candidate)
                    {
                        if (errors.Count >= MaxErrors)
                        {
                            return ParseResult<BankImport>.Failed(errors);
                        }

                        continue;
                    }

                    if (seen.TryGetValue(candidate.Case.Id, out var first))
                    {
                        warnings.Add(ImportMessages.TraceDuplicate(count, first));
                        continue;
                    }

                    seen[candidate.Case.Id] = count;
                    candidates.Add(candidate);
                }
            }
        }
        catch (JsonElementStream.ElementTooLargeException e)
        {
            errors.Add(new GateError(ErrorCodes.LineTooLong, Messages.ElementTooLarge(InputLimits.MaxJsonLineBytes), new SourceLocation(displayName, e.StartLine, 0)));
            return ParseResult<BankImport>.Failed(errors);
        }
        catch (JsonException e)
        {
            errors.Add(new GateError(BankImportCodes.TraceFile, ImportMessages.TraceJson(StripPosition(e.Message)), new SourceLocation(displayName, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1)));
            return ParseResult<BankImport>.Failed(errors);
        }

        if (elements.FirstStray is var (strayLine, strayColumn))
        {
            errors.Add(new GateError(BankImportCodes.TraceFile, ImportMessages.TraceRoot, new SourceLocation(displayName, strayLine, strayColumn)));
        }
        else if (count == 0 && errors.Count == 0)
        {
            errors.Add(new GateError(BankImportCodes.TraceFile, ImportMessages.NoTraces, file));
        }

        if (errors.Count > 0)
        {
            return ParseResult<BankImport>.Failed(errors);
        }

        if (id is not null)
        {
            if (count > 1)
            {
                return ParseResult<BankImport>.Failed([new GateError(BankImportCodes.CaseId, ImportMessages.TraceIdForSeveral(count), file)]);
            }

            candidates[0] = candidates[0] with { Case = candidates[0].Case with { Id = id } };
        }

        return ParseResult<BankImport>.Ok(new BankImport(candidates, warnings));
    }

    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    /// <summary>The id of a trace whose request is <paramref name="request"/>: <c>trace-</c> and 12 hex digits of its canonical JSON's SHA-256.</summary>
    internal static string IdOf(JsonObject request)
    {
        var canonical = CanonicalJson.Serialize(request);
        return "trace-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
    }

    // Reads one trace; each problem is an error at the trace's location, naming the field by its JSON path.
    private sealed class Trace(int number, SourceLocation at, List<GateError> errors)
    {
        private readonly List<string> _warnings = [];
        private bool _failed;

        public BankCandidate? Read(JsonElement root, string displayName)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(BankImportCodes.TraceFile, ImportMessages.TraceRoot);
            }

            JsonElement request;
            string prefix;
            if (root.TryGetProperty("request", out request))
            {
                prefix = "request.";
                if (request.ValueKind != JsonValueKind.Object)
                {
                    return Field("request", "an object: the chat-completions request, with its 'messages'");
                }
            }
            else if (root.TryGetProperty("messages", out _))
            {
                prefix = "";
                request = root;
            }
            else
            {
                return Fail(BankImportCodes.TraceField, ImportMessages.NotATrace);
            }

            // The response beside the request, or its choices written into the trace's own object.
            var (response, responsePrefix) = root.TryGetProperty("response", out var r) ? (r, "response.")
                : root.TryGetProperty("choices", out _) ? (root, "")
                : (default, "");
            var turns = Messages(request, prefix);
            var tools = Tools(request, prefix);
            string? output = null;
            if (response.ValueKind == JsonValueKind.Undefined || response.ValueKind == JsonValueKind.Null)
            {
                _warnings.Add(ImportMessages.TraceNoResponse(number));
            }
            else if (response.ValueKind != JsonValueKind.Object)
            {
                Field("response", "an object: the chat completion, with its 'choices'");
            }
            else
            {
                output = Output(response, responsePrefix);
            }

            if (_failed || turns is null)
            {
                return null;
            }

            var id = IdOf(RequestNode(request, prefix.Length == 0));
            var @case = new SuiteCase { Id = id, Messages = turns, Location = at };
            var reference = $"{displayName}#{number.ToString(CultureInfo.InvariantCulture)}"
                + (response.ValueKind == JsonValueKind.Object && Str(response, "id") is { Length: > 0 } responseId ? $" ({responseId})" : "");
            return new BankCandidate(@case, output, reference, _warnings) { Tools = tools };
        }

        // The request as hashed for the id: without the response carried beside its messages.
        private static JsonObject RequestNode(JsonElement request, bool carriesResponse)
        {
            var node = (JsonObject)JsonNode.Parse(request.GetRawText())!;
            if (carriesResponse)
            {
                node.Remove("response");
                node.Remove("choices");
            }

            return node;
        }

        private List<ChatTurn>? Messages(JsonElement request, string prefix)
        {
            if (!request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                Field(prefix + "messages", "a non-empty list of messages");
                return null;
            }

            var turns = new List<ChatTurn>();
            var callIds = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var message in messages.EnumerateArray())
            {
                var path = $"{prefix}messages[{index.ToString(CultureInfo.InvariantCulture)}]";
                index++;
                if (message.ValueKind != JsonValueKind.Object)
                {
                    Field(path, "an object with a 'role'");
                    continue;
                }

                if (Turn(message, path, index, callIds) is { } turn)
                {
                    if (turn.Content is { } text && text.Contains("{{", StringComparison.Ordinal))
                    {
                        _warnings.Add(ImportMessages.TracePlaceholder(number, index));
                    }

                    turns.Add(turn);
                }
            }

            if (turns.Count > 0 && turns[^1].Role == "assistant")
            {
                _warnings.Add(ImportMessages.TraceEndsWithAssistant(number));
            }

            return _failed ? null : turns;
        }

        private ChatTurn? Turn(JsonElement message, string path, int turn, HashSet<string> callIds)
        {
            var role = Str(message, "role");
            if (role is null)
            {
                return Field<ChatTurn>(path + ".role", "a string: system, developer, user, assistant or tool");
            }

            if (role is not ("system" or "developer" or "user" or "assistant" or "tool"))
            {
                return Fail<ChatTurn>(BankImportCodes.TraceField, ImportMessages.TraceRole(number, path + ".role", role));
            }

            if (role == "developer")
            {
                _warnings.Add(ImportMessages.TraceDeveloper(number, turn));
                role = "system";
            }

            var content = Content(message, path + ".content");
            if (role == "assistant")
            {
                if (message.TryGetProperty("function_call", out var legacy) && legacy.ValueKind != JsonValueKind.Null)
                {
                    return Fail<ChatTurn>(BankImportCodes.TraceField, ImportMessages.TraceFunctionCall(number, path + ".function_call"));
                }

                var calls = ToolCalls(message, path + ".tool_calls");
                if (calls is null || _failed)
                {
                    return null;
                }

                if (content is null && calls.Count == 0)
                {
                    return Field<ChatTurn>(path + ".content", "text, or the message must have 'tool_calls'");
                }

                callIds.UnionWith(calls.Select(c => c.Id));
                return new ChatTurn { Role = role, Content = content, ToolCalls = calls };
            }

            if (content is null)
            {
                return _failed ? null : Field<ChatTurn>(path + ".content", "text: a string or a list of text parts");
            }

            if (role != "tool")
            {
                return new ChatTurn { Role = role, Content = content };
            }

            if (Str(message, "tool_call_id") is not { Length: > 0 } callId)
            {
                return Field<ChatTurn>(path + ".tool_call_id", "the id of the tool call this message answers");
            }

            return callIds.Contains(callId)
                ? new ChatTurn { Role = role, Content = content, ToolCallId = callId }
                : Fail<ChatTurn>(BankImportCodes.TraceField, ImportMessages.TraceToolCallId(number, path + ".tool_call_id", callId));
        }

        // A message's text: a string, or its text parts joined by line breaks; null when it has none (or on an error).
        private string? Content(JsonElement message, string path)
        {
            if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                return content.GetString();
            }

            if (content.ValueKind != JsonValueKind.Array)
            {
                return Field<string>(path, "a string, null or a list of text parts");
            }

            var texts = new List<string>();
            var index = 0;
            foreach (var part in content.EnumerateArray())
            {
                var partPath = $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";
                index++;
                var type = part.ValueKind == JsonValueKind.Object ? Str(part, "type") : null;
                if (type is null)
                {
                    return Field<string>(partPath, "a part {\"type\": \"text\", \"text\": \"...\"}");
                }

                if (type != "text")
                {
                    return Fail<string>(BankImportCodes.TraceField, ImportMessages.TracePart(number, partPath + ".type", type));
                }

                if (Str(part, "text") is not { } text)
                {
                    return Field<string>(partPath + ".text", "a string");
                }

                texts.Add(text);
            }

            return string.Join('\n', texts);
        }

        private List<ChatToolCall>? ToolCalls(JsonElement message, string path)
        {
            if (!message.TryGetProperty("tool_calls", out var list) || list.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                return Field<List<ChatToolCall>>(path, "a list of tool calls");
            }

            var calls = new List<ChatToolCall>();
            var index = 0;
            foreach (var call in list.EnumerateArray())
            {
                var callPath = $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";
                index++;
                if (call.ValueKind != JsonValueKind.Object)
                {
                    return Field<List<ChatToolCall>>(callPath, "an object {\"id\", \"type\": \"function\", \"function\": {\"name\", \"arguments\"}}");
                }

                if (Str(call, "type") is { } type && type != "function")
                {
                    return Field<List<ChatToolCall>>(callPath + ".type", "'function' (the only kind of tool call that can be replayed)");
                }

                if (Str(call, "id") is not { Length: > 0 } id)
                {
                    return Field<List<ChatToolCall>>(callPath + ".id", "the call's id, a non-empty string");
                }

                if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
                {
                    return Field<List<ChatToolCall>>(callPath + ".function", "an object with the tool's 'name' and 'arguments'");
                }

                if (Str(function, "name") is not { Length: > 0 } name)
                {
                    return Field<List<ChatToolCall>>(callPath + ".function.name", "the tool's name, a non-empty string");
                }

                if (Arguments(function, callPath + ".function.arguments") is not { } arguments)
                {
                    return null;
                }

                calls.Add(new ChatToolCall(id, name, arguments));
            }

            return calls;
        }

        // Arguments as the model wrote them: a string (OpenAI's form), or an object some loggers store parsed.
        private string? Arguments(JsonElement function, string path)
        {
            if (!function.TryGetProperty("arguments", out var arguments) || arguments.ValueKind == JsonValueKind.Null)
            {
                return "{}";
            }

            return arguments.ValueKind switch
            {
                JsonValueKind.String => arguments.GetString(),
                JsonValueKind.Object => arguments.GetRawText(),
                _ => Field<string>(path, "the arguments as JSON text (a string) or an object"),
            };
        }

        private List<string> Tools(JsonElement request, string prefix)
        {
            var names = new List<string>();
            if (!request.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
            {
                return names;
            }

            if (tools.ValueKind != JsonValueKind.Array)
            {
                Field(prefix + "tools", "a list of tools");
                return names;
            }

            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                var path = $"{prefix}tools[{index.ToString(CultureInfo.InvariantCulture)}]";
                index++;
                var function = tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("function", out var f) ? f : default;
                if (Str(function, "name") is { Length: > 0 } name)
                {
                    names.Add(name);
                }
                else
                {
                    Field(path + ".function.name", "the tool's name, a non-empty string");
                }
            }

            return names;
        }

        // The response's first choice: its text, then a line name(arguments) per tool call.
        private string? Output(JsonElement response, string prefix)
        {
            if (!response.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return Field<string>(prefix + "choices", "a non-empty list of choices");
            }

            if (choices.GetArrayLength() > 1)
            {
                _warnings.Add(ImportMessages.TraceChoices(number, choices.GetArrayLength()));
            }

            var path = prefix + "choices[0].message";
            if (!choices[0].TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                return Field<string>(path, "an object: the assistant's message");
            }

            var content = Content(message, path + ".content");
            var calls = ToolCalls(message, path + ".tool_calls");
            if (_failed || calls is null)
            {
                return null;
            }

            var lines = calls.Select(c => $"{c.Name}({c.Arguments})");
            return string.Join('\n', (content is { Length: > 0 } ? [content] : Array.Empty<string>()).Concat(lines));
        }

        private static string? Str(JsonElement o, string name) =>
            o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private BankCandidate? Field(string path, string expected) => Fail(BankImportCodes.TraceField, ImportMessages.TraceField(number, path, expected));

        private T? Field<T>(string path, string expected)
            where T : class => Fail<T>(BankImportCodes.TraceField, ImportMessages.TraceField(number, path, expected));

        private BankCandidate? Fail(string code, string message) => Fail<BankCandidate>(code, message);

        private T? Fail<T>(string code, string message)
            where T : class
        {
            _failed = true;
            errors.Add(new GateError(code, message, at));
            return null;
        }
    }
}
