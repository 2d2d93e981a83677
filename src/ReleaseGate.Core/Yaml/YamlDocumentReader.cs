using ReleaseGate.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ReleaseGate.Core.Yaml;

/// <summary>
/// Reads YAML text into <see cref="YamlNode"/>s with exact locations. YamlDotNet's own messages for tabs,
/// duplicate keys and unclosed brackets are poor (see DEPENDENCIES.md), so those are found here first.
/// </summary>
internal static class YamlDocumentReader
{
    /// <summary>Parses one document; returns null and adds errors when the text is not well-formed YAML.</summary>
    public static YamlNode? Read(string text, string file, List<GateError> errors)
    {
        if (FindTabs(text, file, errors))
        {
            return null;
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                errors.Add(new GateError(ErrorCodes.DocumentCount, Messages.EmptyDocument, new SourceLocation(file, 1, 1)));
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, anchors, errors);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                errors.Add(new GateError(ErrorCodes.DocumentCount, Messages.ManyDocuments, At(file, second.Start)));
                return null;
            }

            if (root is YamlScalar { IsNull: true })
            {
                errors.Add(new GateError(ErrorCodes.DocumentCount, Messages.EmptyDocument, new SourceLocation(file, 1, 1)));
                return null;
            }

            return root;
        }
        catch (YamlException ex)
        {
            errors.Add(Unclosed(text, file) ?? new GateError(ErrorCodes.YamlSyntax, Messages.YamlSyntax(Clean(ex)), At(file, ex.Start)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some unterminated flow collections.
            errors.Add(Unclosed(text, file) ?? new GateError(ErrorCodes.YamlSyntax, Messages.YamlSyntax("the document ends in the middle of a value"), new SourceLocation(file, 1, 1)));
            return null;
        }
    }

    private static YamlNode ReadNode(IParser parser, string file, Dictionary<string, YamlNode> anchors, List<GateError> errors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }

            throw new SemanticErrorException(alias.Start, alias.End, $"the alias '*{alias.Value}' names no anchor defined before it");
        }

        YamlNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = new YamlScalar(scalar.Value, scalar.Style is ScalarStyle.Plain, At(file, scalar.Start));
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, file, anchors, errors));
            }

            node = new YamlSequence(items, At(file, sequenceStart.Start));
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            anchor = mappingStart.Anchor;
            node = ReadMapping(parser, file, anchors, errors, At(file, mappingStart.Start));
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static YamlMapping ReadMapping(IParser parser, string file, Dictionary<string, YamlNode> anchors, List<GateError> errors, SourceLocation location)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, file, anchors, errors);
            var value = ReadNode(parser, file, anchors, errors);
            if (keyNode is not YamlScalar key)
            {
                errors.Add(new GateError(ErrorCodes.WrongType, Messages.WrongType("key", "a plain word", keyNode.Describe()), keyNode.Location));
                continue;
            }

            if (seen.TryGetValue(key.Value, out var firstLine))
            {
                errors.Add(new GateError(ErrorCodes.DuplicateKey, Messages.Duplicate(key.Value, firstLine), key.Location));
                continue;
            }

            seen[key.Value] = key.Location.Line;
            entries.Add(new(key, value));
        }

        return new YamlMapping(entries, location);
    }

    /// <summary>Reports every tab in leading indentation at its exact line and column.</summary>
    private static bool FindTabs(string text, string file, List<GateError> errors)
    {
        var found = false;
        var line = 1;
        var column = 1;
        var inIndent = true;
        foreach (var ch in text)
        {
            if (ch == '\n')
            {
                line++;
                column = 1;
                inIndent = true;
                continue;
            }

            if (inIndent && ch == '\t')
            {
                errors.Add(new GateError(ErrorCodes.TabIndentation, Messages.Tab, new SourceLocation(file, line, column)));
                found = true;
                inIndent = false;
            }
            else if (ch is not ' ' and not '-')
            {
                inIndent = false;
            }

            column++;
        }

        return found;
    }

    /// <summary>Finds a flow bracket that is never closed, so the error points at the opener, not the end of the file.</summary>
    private static GateError? Unclosed(string text, string file)
    {
        var stack = new Stack<(char Opener, int Line, int Column)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i];
            var quote = '\0';
            var atValueStart = true;
            for (var j = 0; j < l.Length; j++)
            {
                var ch = l[j];
                if (quote != '\0')
                {
                    if (ch == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                if (ch == '#' && (j == 0 || char.IsWhiteSpace(l[j - 1])))
                {
                    break;
                }

                var inFlow = stack.Count > 0;
                if ((ch is '"' or '\'') && (atValueStart || inFlow))
                {
                    quote = ch;
                    atValueStart = false;
                    continue;
                }

                if ((ch is '[' or '{') && (atValueStart || inFlow))
                {
                    stack.Push((ch, i + 1, j + 1));
                    atValueStart = true;
                    continue;
                }

                if ((ch is ']' or '}') && inFlow)
                {
                    var (opener, line, column) = stack.Peek();
                    if ((opener == '[') != (ch == ']'))
                    {
                        return UnclosedAt(opener, file, line, column);
                    }

                    stack.Pop();
                    atValueStart = false;
                    continue;
                }

                if (ch == ' ')
                {
                    atValueStart = atValueStart || (j > 0 && l[j - 1] is ':' or '-' or ',');
                    continue;
                }

                atValueStart = inFlow && ch == ',';
            }
        }

        return stack.Count == 0 ? null : UnclosedAt(stack.Peek().Opener, file, stack.Peek().Line, stack.Peek().Column);
    }

    private static GateError UnclosedAt(char opener, string file, int line, int column) =>
        new(ErrorCodes.UnclosedBracket, Messages.Unclosed(opener, opener == '[' ? ']' : '}'), new SourceLocation(file, line, column));

    private static string Clean(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "unexpected input";
    }

    private static SourceLocation At(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);
}
