using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Prompts;

namespace ReleaseGate.Runner.Targets;

/// <summary>
/// POSTs a templated JSON body to a URL and picks the output with a JSON pointer. In the body and the headers,
/// <c>{{prompt}}</c>, <c>{{system}}</c>, <c>{{messages}}</c> (the messages sent, in OpenAI's shape), <c>{{suite}}</c>,
/// <c>{{case}}</c>, <c>{{repeat}}</c> and the case's variables (also as <c>{{vars.name}}</c>) are replaced; a string that
/// is exactly one placeholder takes the value's JSON type. For a case with its own conversation, <c>prompt</c> is its
/// last user turn and <c>system</c> its system turn.
/// </summary>
internal sealed class HttpTarget(TargetDefinition definition, string? apiKey, HttpClient http) : ITarget
{
    private readonly ConcurrentDictionary<string, PromptTemplate?> _templates = new(StringComparer.Ordinal);

    // Building the messages costs an allocation per call: only for a body or header that can read them.
    private readonly bool _readsMessages = (definition.Body?.ToJsonString() ?? "").Contains("messages", StringComparison.Ordinal)
        || definition.Headers.Any(h => h.Value.Contains("messages", StringComparison.Ordinal));

    public TargetDefinition Definition { get; } = definition;

    public async Task<TargetAnswer> CallAsync(TargetRequest request, CancellationToken cancellationToken)
    {
        var scope = Scope(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, Definition.Url)
        {
            Content = new StringContent(Render(Definition.Body, scope)?.ToJsonString() ?? "null", Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        foreach (var (name, value) in Definition.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, Text(value, scope));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TargetException($"connection failed: {ex.Message}", transient: true, inner: ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? RetryAfter(response) : null;
                throw new TargetException(RunnerMessages.HttpStatus(status.ToString(CultureInfo.InvariantCulture), await ErrorDetail(response, cancellationToken).ConfigureAwait(false)), status is 429 or >= 500, retryAfter);
            }

            JsonNode? root;
            try
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                root = JsonNode.Parse(bytes);
            }
            catch (JsonException ex)
            {
                throw new TargetException($"the answer is not valid JSON: {ex.Message}", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new TargetException($"the connection broke while reading the answer: {ex.Message}", transient: true, inner: ex);
            }

            if (!JsonPointer.TryResolve(root, Definition.OutputPointer, out var output))
            {
                throw new TargetException(RunnerMessages.NoOutputAtPointer(Definition.OutputPointer));
            }

            if (output is null)
            {
                // JSON null is no answer: recorded as "" it would pass every negative assertion.
                throw new TargetException(RunnerMessages.NullAtPointer(Definition.OutputPointer));
            }

            var calls = Definition.ToolCallsPointer is { } p && JsonPointer.TryResolve(root, p, out var list) ? ToolCalls(list) : [];
            return new TargetAnswer(output is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : output.ToJsonString(), calls);
        }
    }

    // The server's account of a failed status; its reason phrase when the body cannot be read.
    private static async Task<string> ErrorDetail(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return body.Length > 0 ? ServerError.Describe(body) : ServerError.Excerpt(response.ReasonPhrase ?? "(no body)");
        }
        catch (HttpRequestException)
        {
            return ServerError.Excerpt(response.ReasonPhrase ?? "(no body)");
        }
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m >= 0)
        {
            return TimeSpan.FromMilliseconds(m);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow > TimeSpan.Zero ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
            _ => null,
        };
    }

    internal static List<ToolCall> ToolCalls(JsonNode? list)
    {
        var calls = new List<ToolCall>();
        if (list is not JsonArray array)
        {
            return calls;
        }

        foreach (var item in array.OfType<JsonObject>())
        {
            var call = item["function"] as JsonObject ?? item;
            if (call["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String)
            {
                var args = call["arguments"];
                calls.Add(new ToolCall(name.GetValue<string>(), args is JsonValue a && a.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : args?.ToJsonString() ?? "{}"));
            }
        }

        return calls;
    }

    private JsonObject Scope(TargetRequest request)
    {
        var scope = new JsonObject();
        foreach (var (key, value) in request.Vars)
        {
            scope[key] = value?.DeepClone();
        }

        scope["prompt"] = request.User;
        scope["system"] = request.System;
        scope["suite"] = request.Suite;
        scope["case"] = request.Case;
        scope["repeat"] = request.Repeat;
        scope["vars"] = request.Vars.DeepClone();
        // A case variable named 'messages' keeps its meaning in a case of the suite's prompts, as before there was a
        // conversation to send; a case's own conversation is what {{messages}} means for it.
        if (_readsMessages && (request.Conversation is not null || !request.Vars.ContainsKey("messages")))
        {
            scope["messages"] = request.MessagesJson();
        }

        return scope;
    }

    private JsonNode? Render(JsonNode? node, JsonObject scope) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Render(p.Value, scope)))),
        JsonArray array => new JsonArray([.. array.Select(i => Render(i, scope))]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => RenderString(value.GetValue<string>(), scope),
        _ => node?.DeepClone(),
    };

    private JsonNode? RenderString(string text, JsonObject scope)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal) && trimmed.IndexOf("{{", 2, StringComparison.Ordinal) < 0)
        {
            // A lone placeholder keeps its value's type: {"n": "{{count}}"} sends a number when count is one.
            var path = trimmed[2..^2].Trim().Split('.');
            JsonNode? value = scope;
            foreach (var segment in path)
            {
                value = value is JsonObject o && o.TryGetPropertyValue(segment, out var next) ? next : null;
            }

            return value?.DeepClone();
        }

        return Text(text, scope);
    }

    private string Text(string text, JsonObject scope)
    {
        var template = _templates.GetOrAdd(text, t => PromptTemplate.Parse(t, default, new List<GateError>()));
        return template?.Render(scope) ?? text;
    }
}
