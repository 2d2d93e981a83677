using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ReleaseGate.Runner.Assertions;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using SdkToolCall = OpenAI.Chat.ChatToolCall;

namespace ReleaseGate.Runner.Targets;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint, called through the official OpenAI .NET SDK as a
/// Microsoft.Extensions.AI <see cref="IChatClient"/>. The SDK's own retries are off: the runner retries. A refusal
/// (<c>refusal</c> in the answer's message) is the answer, marked as one.
/// </summary>
internal sealed class OpenAiTarget : ITarget
{
    /// <summary>
    /// Request fields the runner sets itself, which a target's <c>parameters</c> may not (<see cref="TargetCodes.Parameter"/>):
    /// the model, the messages and the tools have keys of their own, and one whole answer is read per execution.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedParameters = ["model", "messages", "tools", "stream", "stream_options", "n"];

    private readonly IChatClient _client;
    private readonly ChatOptions _options;
    private readonly ChatTool[] _tools;
    private readonly (byte[] Path, byte[] Json)[] _parameters;

    public OpenAiTarget(TargetDefinition definition, string apiKey, HttpClient http, TimeSpan timeout)
    {
        Definition = definition;
        var options = new OpenAIClientOptions
        {
            Endpoint = definition.Url,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = timeout,
            Transport = new HttpClientPipelineTransport(http),

            // Nothing reads the SDK's logs or traces here: without them each call skips a logging policy and a span.
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false },
            EnableDistributedTracing = false,
        };
        options.AddPolicy(CompletionCheckPolicy.Instance, PipelinePosition.BeforeTransport);
        _client = new ChatClient(definition.Model, new ApiKeyCredential(apiKey), options).AsIChatClient();
        _tools = [.. definition.Tools.Select(Tool)];
        _parameters = [.. definition.Parameters.Select(Parameter)];
        _options = new ChatOptions { RawRepresentationFactory = _ => RequestOptions() };
    }

    public TargetDefinition Definition { get; }

    public async Task<TargetAnswer> CallAsync(TargetRequest request, CancellationToken cancellationToken)
    {
        List<AiChatMessage> messages = request.Conversation is { } conversation
            ? Messages(conversation)
            : request.System is { Length: > 0 } system
                ? [new(AiChatRole.System, system), new(AiChatRole.User, request.User)]
                : [new(AiChatRole.User, request.User)];
        ChatResponse response;
        try
        {
            response = await _client.GetResponseAsync(messages, _options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex)
        {
            throw Classify(ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TargetException($"connection failed: {ex.Message}", transient: true, inner: ex);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new TargetException($"the endpoint's answer is not a valid chat completion: {ex.Message}", ex);
        }

        var calls = new List<ToolCall>();
        foreach (var message in response.Messages)
        {
            foreach (var call in message.Contents.OfType<FunctionCallContent>())
            {
                calls.Add(new ToolCall(call.Name, Arguments(call)));
            }
        }

        // A refusal is the model's answer, as promptfoo records it: its text is what the assertions read, so that an answer
        // that refuses can never pass as an empty one.
        return response.RawRepresentation is ChatCompletion { Refusal: { Length: > 0 } refusal }
            ? new TargetAnswer(refusal, calls) { Refusal = true }
            : new TargetAnswer(response.Text, calls);
    }

    /// <summary>
    /// A case's conversation as Microsoft.Extensions.AI messages: an assistant turn's tool calls as
    /// <see cref="FunctionCallContent"/>, a tool turn as the <see cref="FunctionResultContent"/> of the call it answers.
    /// </summary>
    internal static List<AiChatMessage> Messages(IReadOnlyList<Core.Model.ChatTurn> conversation)
    {
        var messages = new List<AiChatMessage>(conversation.Count);
        foreach (var turn in conversation)
        {
            var contents = new List<AIContent>();
            if (turn.Role == "tool")
            {
                contents.Add(new FunctionResultContent(turn.ToolCallId ?? "", turn.Content ?? ""));
            }
            else if (turn.Content is not null)
            {
                contents.Add(new TextContent(turn.Content));
            }

            foreach (var call in turn.ToolCalls)
            {
                contents.Add(new FunctionCallContent(call.Id, call.Name, ArgumentsOf(call.Arguments)));
            }

            var message = new AiChatMessage(new AiChatRole(turn.Role), contents);
            if (turn.ToolCalls.Count > 0)
            {
                // The adapter would send the calls' arguments re-serialized (indented, and "null" for text that is not a
                // JSON object); the SDK's own message, which the adapter sends as it is, keeps them exactly as recorded.
                var raw = new AssistantChatMessage(turn.ToolCalls.Select(c => SdkToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments))));
                if (turn.Content is not null)
                {
                    raw.Content.Add(ChatMessageContentPart.CreateTextPart(turn.Content));
                }

                message.RawRepresentation = raw;
            }

            messages.Add(message);
        }

        return messages;
    }

    // The arguments as Microsoft.Extensions.AI holds them (a JSON object's members, each value as its JSON element), for
    // whatever reads the messages before the SDK; what is sent is the raw message built beside them.
    private static Dictionary<string, object?>? ArgumentsOf(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static TargetException Classify(ClientResultException ex)
    {
        var status = ex.Status;
        if (status == 0)
        {
            return new TargetException($"connection failed: {ex.InnerException?.Message ?? ex.Message}", transient: true, inner: ex);
        }

        var transient = status is 429 or >= 500;
        var response = ex.GetRawResponse();
        var retryAfter = status == 429 ? RetryAfter(response) : null;

        // The server's own words, not the SDK's summary of them (which drops the message).
        var detail = response is null ? ServerError.Excerpt(ex.Message) : ServerError.Describe(Content(response).Span);
        return new TargetException(RunnerMessages.HttpStatus(status.ToString(CultureInfo.InvariantCulture), detail), transient, retryAfter, ex);
    }

    private static ReadOnlyMemory<byte> Content(PipelineResponse response)
    {
        try
        {
            return response.Content.ToMemory();
        }
        catch (InvalidOperationException)
        {
            // Not buffered: there is no body to quote.
            return ReadOnlyMemory<byte>.Empty;
        }
    }

    /// <summary>Reads <c>retry-after-ms</c>, else <c>Retry-After</c> as seconds or an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static string Arguments(FunctionCallContent call)
    {
        // The model's own text is what tool-args assertions should see, malformed or not.
        if (call.RawRepresentation is SdkToolCall raw && raw.FunctionArguments is { } data)
        {
            return data.ToString();
        }

        return call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    // A new request body's options for each call (the SDK writes the messages into them), holding what the targets file
    // says as it says it. Microsoft.Extensions.AI's own mappings would change it on the way out: its MaxOutputTokens is
    // sent as max_completion_tokens, which servers that read only max_tokens ignore; its function declarations get a
    // strict-mode schema (additionalProperties: false, every property required) and tool_choice "auto". So the tools go
    // in as the SDK's own ChatTool with the schema's text, and every parameter as a JSON value set at its own name.
    private ChatCompletionOptions RequestOptions()
    {
        var options = new ChatCompletionOptions();
        foreach (var tool in _tools)
        {
            options.Tools.Add(tool);
        }

        foreach (var (path, json) in _parameters)
        {
            // JsonPatch is marked for evaluation, but it is the SDK's one way to send a field under a name it would
            // rename or does not know; the request-body tests hold it to the exact bytes sent.
#pragma warning disable SCME0001
            options.Patch.Set(path, json);
#pragma warning restore SCME0001
        }

        return options;
    }

    private static ChatTool Tool(ToolDefinition tool) =>
        ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.Parameters.ToJsonString()));

    private static (byte[] Path, byte[] Json) Parameter(KeyValuePair<string, JsonNode?> parameter) =>
        (Encoding.UTF8.GetBytes("$." + parameter.Key), Encoding.UTF8.GetBytes(parameter.Value?.ToJsonString() ?? "null"));
}
