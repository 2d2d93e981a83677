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

        var node = YamlDocumentReader.Read(AsYaml(json), source, context.Errors);
        return node is null ? null : context.Mapping(node, what, $"a {what}");
    }

    /// <summary>
    /// The JSON text as YAML reads it to the same values. Valid JSON holds tabs only as whitespace between tokens (a tab in
    /// a string is escaped), which YAML refuses as indentation: a space keeps every column where it was. Every other
    /// character YAML does not take raw, or reads as a line break, can only be in a string, where its <c>\uXXXX</c>
    /// escape means the same in both.
    /// </summary>
    internal static string AsYaml(string json)
    {
        var plain = true;
        foreach (var ch in json)
        {
            plain &= ch != '\t' && (ch < 0x20 || !BankSuiteWriter.NeedsEscape(ch));
        }

        if (plain)
        {
            return json;
        }

        var text = new System.Text.StringBuilder(json.Length + 16);
        for (var i = 0; i < json.Length; i++)
        {
            var ch = json[i];
            if (ch == '\t')
            {
                text.Append(' ');
            }
            else if (char.IsHighSurrogate(ch) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]))
            {
                text.Append(ch).Append(json[++i]);
            }
            else if (ch >= 0x20 && BankSuiteWriter.NeedsEscape(ch))
            {
                text.Append("\\u").Append(((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(ch);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A JSONL case line as the located reader should read it: <see cref="AsYaml"/> when the line is JSON holding a
    /// character YAML would read otherwise (so that it reads a line as the fast reader does), else the line as written.
    /// </summary>
    internal static string CaseLine(string line)
    {
        if (ReferenceEquals(AsYaml(line), line))
        {
            return line;
        }

        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = InputLimits.MaxJsonDepth + 1 });
            return AsYaml(line);
        }
        catch (JsonException)
        {
            return line;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
