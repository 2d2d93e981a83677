using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ReleaseGate.MockModel;

/// <summary>
/// Answers <c>POST /v1/chat/completions</c>: picks a fault or a scripted answer, due when the latency has passed since
/// the request arrived.
/// </summary>
internal sealed class ChatHandler(MockModelOptions options, MockModelStats stats)
{
    // A truncated completion: what a proxy that cut the connection mid-body would deliver.
    private static readonly byte[] MalformedBody = "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Your refund"u8.ToArray();

    private readonly Random _random = new(options.Seed);
    private readonly Lock _randomLock = new();

    // Only rules with 'system' read the system prompt; without them a request's system messages are not even copied.
    private readonly bool _readsSystem = options.Rules.Rules.Any(r => r.System is not null);

    // Likewise only rules with 'conversation' read the whole conversation into a transcript.
    private readonly bool _readsConversation = options.Rules.Rules.Any(r => r.Conversation is not null);
    private long _sequence;

    /// <summary>Answers one chat-completion request: the fault or answer drawn for it, due when the latency has passed.</summary>
    public MockResponse Handle(MockRequest request)
    {
        string? model;
        string message;
        string? system;
        string? transcript;
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            (model, message, system) = Read(document.RootElement, _readsSystem);
            transcript = _readsConversation ? Transcript(document.RootElement) : null;
        }
        catch (JsonException ex)
        {
            return Error(400, "invalid_request_error", $"the request body is not valid JSON: {ex.Message}");
        }

        var (outcome, delay) = Draw();
        MockReply? reply = null;
        if (outcome == MockOutcome.Answer)
        {
            reply = options.Rules.Answer(model, message, system, transcript).Next();
            outcome = reply.Fault switch
            {
                "429" => MockOutcome.RateLimited,
                "500" => MockOutcome.ServerError,
                "timeout" => MockOutcome.Timeout,
                "malformed" => MockOutcome.Malformed,
                _ => MockOutcome.Answer,
            };
        }

        stats.Count(outcome);
        switch (outcome)
        {
            case MockOutcome.RateLimited:
                var ms = (long)options.RetryAfter.TotalMilliseconds;
                var seconds = Math.Max(1, (long)Math.Ceiling(options.RetryAfter.TotalSeconds));
                return Error(429, "rate_limit_exceeded", "mock-model: injected rate limit") with
                {
                    Headers =
                    [
                        new("retry-after-ms", ms.ToString(CultureInfo.InvariantCulture)),
                        new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)),
                    ],
                };
            case MockOutcome.ServerError:
                return Error(500, "server_error", "mock-model: injected server error");
            case MockOutcome.Timeout:
                return new MockResponse(0, ReadOnlyMemory<byte>.Empty, Hang: true);
        }

        // The latency runs from the request's arrival: the time spent reading it is part of it, as with a real endpoint.
        var due = delay > TimeSpan.Zero ? request.Arrived + (long)(delay.TotalSeconds * Stopwatch.Frequency) : 0;
        if (outcome == MockOutcome.Malformed)
        {
            return new MockResponse(200, MalformedBody, "application/json", due);
        }

        var rule = reply!;
        var buffer = new ArrayBufferWriter<byte>(512 + rule.Answer.Length * 2);
        WriteCompletion(buffer, model ?? "mock", rule, message.Length, Interlocked.Increment(ref _sequence));
        return new MockResponse(200, buffer.WrittenMemory, "application/json", due);
    }

    /// <summary>An error in OpenAI's shape: <c>{"error": {"message", "type", "code"}}</c>.</summary>
    internal static MockResponse Error(int status, string code, string message) => Json(status, w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", code);
        w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>A JSON body built by <paramref name="write"/>.</summary>
    internal static MockResponse Json(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return new MockResponse(status, buffer.WrittenMemory, "application/json; charset=utf-8");
    }

    private (MockOutcome Outcome, TimeSpan Delay) Draw()
    {
        double roll, jitter;
        lock (_randomLock)
        {
            roll = _random.NextDouble();
            jitter = _random.NextDouble() * 2 - 1;
        }

        var f = options.Faults;
        var outcome = roll < f.RateLimited ? MockOutcome.RateLimited
            : roll < f.RateLimited + f.ServerError ? MockOutcome.ServerError
            : roll < f.RateLimited + f.ServerError + f.Timeout ? MockOutcome.Timeout
            : roll < f.Total ? MockOutcome.Malformed
            : MockOutcome.Answer;
        var delay = options.Latency + options.Jitter * jitter;
        return (outcome, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }

    // The last user message, and with readSystem the system prompt: the text of the system and developer messages
    // (OpenAI's newer name for the same role), joined by line breaks when there are several.
    private static (string? Model, string Message, string? System) Read(JsonElement root, bool readSystem)
    {
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var message = "";
        string? system = null;
        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in messages.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("role", out var role) || !item.TryGetProperty("content", out var content))
                {
                    continue;
                }

                if (role.ValueEquals("user"))
                {
                    message = Text(content);
                }
                else if (readSystem && (role.ValueEquals("system") || role.ValueEquals("developer")))
                {
                    system = system is null ? Text(content) : system + "\n" + Text(content);
                }
            }
        }

        return (model, message, system);
    }

    // Every message a line, "role: text" ("tool CALL_ID: text" for a tool's answer), and each tool call of a message a line
    // "role calls CALL_ID: NAME(ARGUMENTS)", arguments as sent: what a 'conversation' rule looks for.
    private static string Transcript(JsonElement root)
    {
        var lines = new StringBuilder();
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        foreach (var item in messages.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("role", out var r) || r.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var role = r.GetString();
            if (item.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null)
            {
                var id = role == "tool" && item.TryGetProperty("tool_call_id", out var callId) && callId.ValueKind == JsonValueKind.String ? " " + callId.GetString() : "";
                lines.Append(role).Append(id).Append(": ").Append(Text(content)).Append('\n');
            }

            if (item.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    var function = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
                    lines.Append(role).Append(" calls ").Append(StringOf(call, "id")).Append(": ")
                        .Append(StringOf(function, "name")).Append('(').Append(StringOf(function, "arguments")).Append(")\n");
                }
            }
        }

        return lines.ToString();
    }

    private static string StringOf(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    // Content is a string, or a list of parts of which the text parts count.
    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };

    private static void WriteCompletion(IBufferWriter<byte> buffer, string model, MockReply rule, int promptChars, long sequence)
    {
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteString("id", "chatcmpl-mock-" + sequence.ToString(CultureInfo.InvariantCulture));
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", 1767225600);
        w.WriteString("model", model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", rule.Answer);
        if (rule.ToolCalls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            for (var i = 0; i < rule.ToolCalls.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", $"call_{sequence.ToString(CultureInfo.InvariantCulture)}_{i.ToString(CultureInfo.InvariantCulture)}");
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", rule.ToolCalls[i].Name);
                w.WriteString("arguments", rule.ToolCalls[i].Arguments);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteString("finish_reason", rule.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("usage");
        var prompt = Math.Max(1, promptChars / 4);
        var completion = Math.Max(1, rule.Answer.Length / 4);
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteNumber("completion_tokens", completion);
        w.WriteNumber("total_tokens", prompt + completion);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
