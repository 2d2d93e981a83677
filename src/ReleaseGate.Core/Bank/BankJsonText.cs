using System.Text.Json;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Bank;

/// <summary>
/// Opens a JSON object sent to the bank (a case, a provenance) for the located reader: the text must be JSON, and is then
/// read through the YAML reader (JSON is YAML), so that its keys, types and values are checked, and located, exactly as
/// the same keys in a suite file are.
/// </summary>
internal static class BankJsonText
{
    public static MappingReader? Open(string json, string source, string what, YamlReadContext context)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = InputLimits.MaxJsonDepth + 1 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                context.Error(ErrorCodes.BankJsonSyntax, Messages.BankJson(what, $"it is {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object"), new SourceLocation(source, 1, 1));
                return null;
            }
        }
        catch (JsonException ex)
        {
            var at = new SourceLocation(source, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
            context.Error(ErrorCodes.BankJsonSyntax, Messages.BankJson(what, DisplayText.Escape(FirstSentence(ex.Message))), at);
            return null;
        }

        // Valid JSON holds tabs only as whitespace between tokens (a tab in a string is escaped), which YAML refuses as
        // indentation: a space keeps every column where it was.
        var node = YamlDocumentReader.Read(json.Replace('\t', ' '), source, context.Errors);
        return node is null ? null : context.Mapping(node, what, $"a {what}");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
