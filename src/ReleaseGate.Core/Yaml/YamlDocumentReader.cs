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
    /// <summary>Parses one document; returns null and adds errors when the text is not well-formed YAML or passes a limit of <see cref="InputLimits"/>.</summary>
    public static YamlNode? Read(string text, string file, List<GateError> errors)
    {
        if (text.Length > InputLimits.MaxYamlDocumentBytes)
        {
            errors.Add(new GateError(ErrorCodes.DocumentTooLarge, Messages.DocumentTooLarge(InputLimits.MaxYamlDocumentBytes), SourceLocation.OfFile(file)));
            return null;
        }

        if (FindTabs(text, file, errors))
        {
            return null;
        }

        var state = new ReadState(file);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                errors.Add(new GateError(ErrorCodes.DocumentCount, Messages.EmptyDocument, new SourceLocation(file, 1, 1)));
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, state, errors, depth: 1);
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
        catch (LimitException ex)
        {
            errors.Add(ex.Error);
            return null;
        }
        catch (YamlException ex)
        {
            errors.Add(WithExcerpt(Unclosed(text, file) ?? Syntax(text, file, ex), text));
            return null;
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet's TagName throws this (without a position) for a tag that is not a valid URI, such as !<[>.
            errors.Add(WithExcerpt(new GateError(ErrorCodes.YamlSyntax, Messages.YamlSyntax(Clean(ex)), state.Last), text));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some unterminated flow collections.
            errors.Add(WithExcerpt(Unclosed(text, file) ?? new GateError(ErrorCodes.YamlSyntax, Messages.YamlSyntax("the document ends in the middle of a value"), new SourceLocation(file, 1, 1)), text));
            return null;
        }
    }

    /// <summary>
    /// Reads one node. Recursion is bounded by <see cref="InputLimits.MaxYamlDepth"/>: a collection deeper than that stops
    /// the read before its content is parsed, so neither this reader nor any later walk over the tree can run out of stack.
    /// </summary>
    private static YamlNode ReadNode(IParser parser, ReadState state, List<GateError> errors, int depth)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new SemanticErrorException(alias.Start, alias.End, $"the alias '*{alias.Value}' names no anchor defined before it");
            }

            if (++state.Aliases > InputLimits.MaxYamlAliases)
            {
                throw new LimitException(new GateError(ErrorCodes.YamlTooManyAliases, Messages.YamlTooManyAliases(InputLimits.MaxYamlAliases), At(state.File, alias.Start)));
            }

            // Aliases share their anchor's node; every later walk (models, canonical JSON, policy input) visits it once per
            // alias, so the document is counted as if expanded, without expanding it.
            state.Count(target.Weight.Nodes, target.Weight.Chars, At(state.File, alias.Start), byAlias: true);
            return target.Node;
        }

        var (nodesBefore, charsBefore) = (state.Nodes, state.Chars);
        if (parser.Current is { } next)
        {
            state.Last = At(state.File, next.Start);
        }

        YamlNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            var location = At(state.File, scalar.Start);
            if (scalar.Value.Length > InputLimits.MaxStringLength)
            {
                throw new LimitException(new GateError(ErrorCodes.StringTooLong, Messages.StringTooLong(InputLimits.MaxStringLength), location));
            }

            state.Count(1, scalar.Value.Length, location);
            node = new YamlScalar(scalar.Value, scalar.Style is ScalarStyle.Plain, location);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var location = Enter(state, depth, sequenceStart.Start);
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, state, errors, depth + 1));
            }

            node = new YamlSequence(items, location);
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            anchor = mappingStart.Anchor;
            node = ReadMapping(parser, state, errors, Enter(state, depth, mappingStart.Start), depth);
        }

        if (!anchor.IsEmpty)
        {
            state.Anchors[anchor.Value] = (node, (state.Nodes - nodesBefore, state.Chars - charsBefore));
        }

        return node;
    }

    /// <summary>Counts a collection's node and refuses it when it is deeper than the limit.</summary>
    private static SourceLocation Enter(ReadState state, int depth, Mark start)
    {
        var location = At(state.File, start);
        if (depth > InputLimits.MaxYamlDepth)
        {
            throw new LimitException(new GateError(ErrorCodes.YamlTooDeep, Messages.YamlTooDeep(InputLimits.MaxYamlDepth), location));
        }

        state.Count(1, 0, location);
        return location;
    }

    private static YamlMapping ReadMapping(IParser parser, ReadState state, List<GateError> errors, SourceLocation location, int depth)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, state, errors, depth + 1);
            var value = ReadNode(parser, state, errors, depth + 1);
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

    /// <summary>What one read has seen: its anchors with the size of what they name, and the running size as expanded.</summary>
    private sealed class ReadState(string file)
    {
        public string File { get; } = file;

        public Dictionary<string, (YamlNode Node, (long Nodes, long Chars) Weight)> Anchors { get; } = new(StringComparer.Ordinal);

        public int Aliases { get; set; }

        /// <summary>Where the last node started: the place named when YamlDotNet fails without a position.</summary>
        public SourceLocation Last { get; set; } = new(file, 1, 1);

        /// <summary>Nodes as expanded: written out, plus what aliases add.</summary>
        public long Nodes { get; private set; }

        /// <summary>Characters of scalars as expanded.</summary>
        public long Chars { get; private set; }

        private long AddedNodes { get; set; }

        private long AddedChars { get; set; }

        public void Count(long nodes, long chars, SourceLocation location, bool byAlias = false)
        {
            Nodes += nodes;
            Chars += chars;
            if (byAlias)
            {
                AddedNodes += nodes;
                AddedChars += chars;
                if (AddedNodes > Nodes - AddedNodes + InputLimits.YamlAliasNodeAllowance)
                {
                    throw new LimitException(new GateError(ErrorCodes.YamlExpansionTooLarge, Messages.YamlAliasExpansion("nodes", InputLimits.YamlAliasNodeAllowance), location));
                }

                if (AddedChars > Chars - AddedChars + InputLimits.YamlAliasCharAllowance)
                {
                    throw new LimitException(new GateError(ErrorCodes.YamlExpansionTooLarge, Messages.YamlAliasExpansion("characters of text", InputLimits.YamlAliasCharAllowance), location));
                }
            }

            if (Nodes > InputLimits.MaxYamlExpandedNodes)
            {
                throw new LimitException(new GateError(ErrorCodes.YamlExpansionTooLarge, Messages.YamlExpansion("nodes", InputLimits.MaxYamlExpandedNodes), location));
            }

            if (Chars > InputLimits.MaxYamlExpandedChars)
            {
                throw new LimitException(new GateError(ErrorCodes.YamlExpansionTooLarge, Messages.YamlExpansion("characters of text", InputLimits.MaxYamlExpandedChars), location));
            }
        }
    }

    /// <summary>Stops a read at the first limit passed; the rest of the document is not parsed.</summary>
    private sealed class LimitException(GateError error) : Exception(error.Message)
    {
        public GateError Error { get; } = error;
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

    /// <summary>
    /// The syntax error YamlDotNet reports, at the line that holds the mistake. A plain value that runs on into a line holding
    /// a key ("while scanning a multiline plain scalar") is reported by YamlDotNet on that later line; the mistake is on the
    /// line where the value starts (a key without its ':'), or the later line is indented too far: name the first.
    /// </summary>
    private static GateError Syntax(string text, string file, YamlException ex)
    {
        var detail = Clean(ex);
        if (detail.Contains("multiline plain scalar", StringComparison.Ordinal) && ex.Start.Line > 1)
        {
            var lines = text.Split('\n');
            for (var i = (int)ex.Start.Line - 2; i >= 0; i--)
            {
                var line = lines[i].TrimEnd('\r');
                var content = line.TrimStart(' ');
                if (content.Length == 0 || content[0] == '#')
                {
                    continue;
                }

                // The value starts after the indentation and a sequence's '- ', where the key would be.
                var column = line.Length - content.Length + 1;
                while (content.StartsWith("- ", StringComparison.Ordinal))
                {
                    content = content[2..].TrimStart(' ');
                    column = line.Length - content.Length + 1;
                }

                return new GateError(ErrorCodes.YamlSyntax, Messages.YamlRunOn((int)ex.Start.Line), new SourceLocation(file, i + 1, column));
            }
        }

        return new GateError(ErrorCodes.YamlSyntax, Messages.YamlSyntax(detail), At(file, ex.Start));
    }

    /// <summary>The error with the line it names as its excerpt: the line escaped, cut to a readable length.</summary>
    private static GateError WithExcerpt(GateError error, string text)
    {
        var lineNumber = error.Location.Line;
        if (lineNumber < 1)
        {
            return error;
        }

        var start = 0;
        for (var l = 1; l < lineNumber; l++)
        {
            start = text.IndexOf('\n', start) + 1;
            if (start == 0)
            {
                return error;
            }
        }

        var end = text.IndexOf('\n', start);
        var line = (end < 0 ? text[start..] : text[start..end]).TrimEnd('\r');
        if (line.Length > ExcerptLength)
        {
            line = line[..ExcerptLength] + "…";
        }

        return error with { Excerpt = DisplayText.Escape(line) };
    }

    /// <summary>The most characters of a line an excerpt shows.</summary>
    private const int ExcerptLength = 120;

    private static string Clean(Exception ex)
    {
        var message = ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.InnerException?.Message ?? ex.Message;
        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "unexpected input";
    }

    private static SourceLocation At(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);
}
