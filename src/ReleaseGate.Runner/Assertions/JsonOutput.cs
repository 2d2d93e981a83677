using System.Text.Json;

namespace ReleaseGate.Runner.Assertions;

/// <summary>Parses an output as JSON the way <c>JSON.parse</c> does: the whole text, surrounding whitespace allowed, nothing else.</summary>
internal static class JsonOutput
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    /// <summary>The parsed document, or null with the parser's complaint in <paramref name="problem"/>.</summary>
    public static JsonDocument? TryParse(string text, out string problem)
    {
        try
        {
            problem = "";
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            problem = e.Message.TrimEnd('.');
            return null;
        }
    }
}
