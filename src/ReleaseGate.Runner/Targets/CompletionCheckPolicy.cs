using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ReleaseGate.Runner.Targets;

/// <summary>
/// Reads a successful answer before the OpenAI SDK does, and fails closed on one that is no chat completion: a body that
/// is not a JSON object, an <c>error</c> sent with a 2xx status (a proxy's quota message), no <c>choices</c> or an empty
/// list. The SDK would read those as a completion without a message and fail with an index error that loses the server's
/// words, or worse, as an empty answer. Failures of the status itself are left to the SDK, which raises them with the body.
/// </summary>
/// <threadsafety>Stateless: one instance serves every request.</threadsafety>
internal sealed class CompletionCheckPolicy : PipelinePolicy
{
    public static readonly CompletionCheckPolicy Instance = new();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Check(message.Response);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Check(message.Response);
    }

    /// <summary>Throws a <see cref="TargetException"/> when a 2xx <paramref name="response"/> is not a usable chat completion.</summary>
    internal static void Check(PipelineResponse? response)
    {
        if (response is null || response.Status is < 200 or >= 300)
        {
            return;
        }

        var status = response.Status.ToString(CultureInfo.InvariantCulture);
        var body = response.Content.ToMemory().Span;
        var reader = new Utf8JsonReader(body);
        var choices = -1;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TargetException(RunnerMessages.AnswerNotAnObject(status, ServerError.Excerpt(Encoding.UTF8.GetString(body))));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        throw new TargetException(RunnerMessages.ErrorInAnswer(status, ServerError.Describe(JsonElement.ParseValue(ref reader))));
                    }
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        var peek = reader;
                        peek.Read();
                        choices = peek.TokenType == JsonTokenType.EndArray ? 0 : 1;
                    }

                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new TargetException(RunnerMessages.AnswerNotJson(status, ex.Message, ServerError.Excerpt(Encoding.UTF8.GetString(body))), ex);
        }

        if (choices <= 0)
        {
            throw new TargetException(choices == 0 ? RunnerMessages.NoChoices(status) : RunnerMessages.NoChoicesList(status));
        }
    }
}
