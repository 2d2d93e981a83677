namespace ReleaseGate.Policies.Cel;

/// <summary>
/// A recursive-descent parser for CEL's grammar (cel-spec doc/langdef.md): the conditional, <c>||</c>, <c>&amp;&amp;</c>,
/// relations (with <c>in</c>), arithmetic, unary operators, member selection, indexing and calls, literals, lists and
/// maps; macros (<c>has</c>, <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c>, <c>filter</c>) are expanded here.
/// Message construction (<c>Type{field: …}</c>) is not supported: policies have no protobuf types.
/// </summary>
internal sealed class Parser
{
    /// <summary>How deep expressions may nest, so that a hostile rule cannot exhaust the stack.</summary>
    public const int MaxDepth = 200;

    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    };

    private readonly List<Token> _tokens;
    private int _next;
    private int _depth;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static Node Parse(string text)
    {
        var parser = new Parser(Lexer.Tokenize(text));
        var node = parser.Expr();
        var end = parser.Peek;
        if (end.Kind != TokenKind.End)
        {
            throw new CelSyntaxException($"unexpected '{end.Text}'", end.Position);
        }

        return node;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private bool TakeIf(string punct)
    {
        if (!Peek.Is(punct))
        {
            return false;
        }

        _next++;
        return true;
    }

    private Token Expect(string punct)
    {
        if (!Peek.Is(punct))
        {
            throw new CelSyntaxException($"expected '{punct}' but found {Describe(Peek)}", Peek.Position);
        }

        return Take();
    }

    private static string Describe(Token t) => t.Kind == TokenKind.End ? "the end of the expression" : $"'{t.Text}'";

    private Node Expr()
    {
        if (++_depth > MaxDepth)
        {
            throw new CelSyntaxException($"the expression nests deeper than {MaxDepth} levels", Peek.Position);
        }

        var condition = Or();
        if (Peek.Is("?"))
        {
            var at = Take().Position;
            var then = Or();
            Expect(":");
            var otherwise = Expr();
            condition = new CallNode(at, null, "_?_:_", [condition, then, otherwise]);
        }

        _depth--;
        return condition;
    }

    private Node Or()
    {
        var left = And();
        while (Peek.Is("||"))
        {
            var at = Take().Position;
            left = new CallNode(at, null, "_||_", [left, And()]);
        }

        return left;
    }

    private Node And()
    {
        var left = Relation();
        while (Peek.Is("&&"))
        {
            var at = Take().Position;
            left = new CallNode(at, null, "_&&_", [left, Relation()]);
        }

        return left;
    }

    private Node Relation()
    {
        var left = Addition();
        while (true)
        {
            var t = Peek;
            var op = t switch
            {
                { Kind: TokenKind.Punct, Text: "<" or "<=" or ">" or ">=" or "==" or "!=" } => $"_{t.Text}_",
                { Kind: TokenKind.Ident, Text: "in" } => "@in",
                _ => null,
            };
            if (op is null)
            {
                return left;
            }

            Take();
            left = new CallNode(t.Position, null, op, [left, Addition()]);
        }
    }

    private Node Addition()
    {
        var left = Multiplication();
        while (Peek.Is("+") || Peek.Is("-"))
        {
            var t = Take();
            left = new CallNode(t.Position, null, $"_{t.Text}_", [left, Multiplication()]);
        }

        return left;
    }

    private Node Multiplication()
    {
        var left = Unary();
        while (Peek.Is("*") || Peek.Is("/") || Peek.Is("%"))
        {
            var t = Take();
            left = new CallNode(t.Position, null, $"_{t.Text}_", [left, Unary()]);
        }

        return left;
    }

    private Node Unary()
    {
        if (Peek.Is("!"))
        {
            var at = Take().Position;
            return new CallNode(at, null, "!_", [Unary()]);
        }

        if (Peek.Is("-"))
        {
            var at = Take().Position;

            // A negative literal is one literal, so that -9223372036854775808 is in range.
            var next = Peek;
            if (next.Kind is TokenKind.Int or TokenKind.Double && !_tokens[_next + 1].Is(".") && !_tokens[_next + 1].Is("["))
            {
                Take();
                if (next.Kind == TokenKind.Double)
                {
                    return new LiteralNode(at, -(double)next.Value!);
                }

                var magnitude = (ulong)next.Value!;
                return magnitude <= (ulong)long.MaxValue + 1
                    ? new LiteralNode(at, magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude)
                    : throw new CelSyntaxException($"integer literal '-{next.Text}' is out of range", at);
            }

            return new CallNode(at, null, "-_", [Unary()]);
        }

        return Member();
    }

    private Node Member()
    {
        var node = Primary();
        while (true)
        {
            if (Peek.Is("."))
            {
                Take();
                var name = Take();
                if (name.Kind != TokenKind.Ident)
                {
                    throw new CelSyntaxException($"expected a field name after '.' but found {Describe(name)}", name.Position);
                }

                if (Peek.Is("("))
                {
                    Take();
                    var args = Arguments(")");
                    node = ReceiverCall(name, node, args);
                }
                else
                {
                    node = new SelectNode(name.Position, node, name.Text, Test: false);
                }
            }
            else if (Peek.Is("["))
            {
                var at = Take().Position;
                var key = Expr();
                Expect("]");
                node = new IndexNode(at, node, key);
            }
            else if (Peek.Is("{") && node is IdentNode or SelectNode)
            {
                throw new CelSyntaxException("message construction is not supported: policies have no message types", Peek.Position);
            }
            else
            {
                return node;
            }
        }
    }

    private static Node ReceiverCall(Token name, Node target, List<Node> args)
    {
        string[] macros = ["all", "exists", "exists_one", "map", "filter"];
        if (!macros.Contains(name.Text) || args.Count is < 2 or > 3 || (args.Count == 3 && name.Text != "map"))
        {
            return new CallNode(name.Position, target, name.Text, args);
        }

        if (args[0] is not IdentNode variable)
        {
            throw new CelSyntaxException($"the first argument of {name.Text}() must be a variable name", args[0].Position);
        }

        return args.Count == 3
            ? new MacroNode(name.Position, "map", target, variable.Name, Body: args[1], Transform: args[2])
            : new MacroNode(name.Position, name.Text, target, variable.Name, args[1], null);
    }

    private List<Node> Arguments(string close)
    {
        var args = new List<Node>();
        if (TakeIf(close))
        {
            return args;
        }

        do
        {
            if (close == "]" && Peek.Is(close))
            {
                break; // a trailing comma in a list
            }

            args.Add(Expr());
        }
        while (TakeIf(","));
        Expect(close);
        return args;
    }

    private Node Primary()
    {
        var t = Take();
        switch (t.Kind)
        {
            case TokenKind.Int:
                var magnitude = (ulong)t.Value!;
                return magnitude <= long.MaxValue
                    ? new LiteralNode(t.Position, (long)magnitude)
                    : throw new CelSyntaxException($"integer literal '{t.Text}' is out of range", t.Position);
            case TokenKind.UInt:
                return new LiteralNode(t.Position, (ulong)t.Value!);
            case TokenKind.Double or TokenKind.String or TokenKind.Bytes:
                return new LiteralNode(t.Position, t.Value);
            case TokenKind.Ident:
                return Identifier(t);
            case TokenKind.Punct when t.Text == ".":
                var name = Take();
                return name.Kind == TokenKind.Ident ? Identifier(name) : throw new CelSyntaxException($"expected a name after '.' but found {Describe(name)}", name.Position);
            case TokenKind.Punct when t.Text == "(":
                var inner = Expr();
                Expect(")");
                return inner;
            case TokenKind.Punct when t.Text == "[":
                return new ListNode(t.Position, Arguments("]"));
            case TokenKind.Punct when t.Text == "{":
                return Map(t);
            default:
                throw new CelSyntaxException(t.Kind == TokenKind.End ? "the expression ends where a value was expected" : $"unexpected '{t.Text}'", t.Position);
        }
    }

    private Node Identifier(Token t)
    {
        switch (t.Text)
        {
            case "true": return new LiteralNode(t.Position, true);
            case "false": return new LiteralNode(t.Position, false);
            case "null": return new LiteralNode(t.Position, null);
            case "in":
                throw new CelSyntaxException("'in' is an operator, not a name", t.Position);
            case var reserved when s_reserved.Contains(reserved):
                throw new CelSyntaxException($"'{reserved}' is a reserved word", t.Position);
        }

        if (!Peek.Is("("))
        {
            return new IdentNode(t.Position, t.Text);
        }

        Take();
        var args = Arguments(")");
        if (t.Text == "has")
        {
            return args is [SelectNode select]
                ? select with { Test = true }
                : throw new CelSyntaxException("has() takes one field selection, such as has(release.config.temperature)", t.Position);
        }

        return new CallNode(t.Position, null, t.Text, args);
    }

    private MapNode Map(Token open)
    {
        var entries = new List<(Node, Node)>();
        while (!Peek.Is("}"))
        {
            var key = Expr();
            Expect(":");
            entries.Add((key, Expr()));
            if (!TakeIf(","))
            {
                break;
            }
        }

        Expect("}");
        return new MapNode(open.Position, entries);
    }
}
