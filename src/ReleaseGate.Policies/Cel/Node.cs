namespace ReleaseGate.Policies.Cel;

/// <summary>A node of a parsed CEL expression; <see cref="Position"/> is its offset in the text.</summary>
internal abstract record Node(int Position);

/// <summary>A literal: null, bool, int (long), uint (ulong), double, string or bytes.</summary>
internal sealed record LiteralNode(int Position, object? Value) : Node(Position);

/// <summary>A name: a variable of the input, a macro's iteration variable, or a type name.</summary>
internal sealed record IdentNode(int Position, string Name) : Node(Position);

/// <summary><c>operand.field</c>, or <c>has(operand.field)</c> when <see cref="Test"/>.</summary>
internal sealed record SelectNode(int Position, Node Operand, string Field, bool Test) : Node(Position);

/// <summary>A function call, receiver-style when <see cref="Target"/> is set. Operators are calls too (<c>_+_</c>).</summary>
internal sealed record CallNode(int Position, Node? Target, string Function, IReadOnlyList<Node> Args) : Node(Position);

/// <summary><c>operand[key]</c>.</summary>
internal sealed record IndexNode(int Position, Node Operand, Node Key) : Node(Position);

/// <summary><c>[a, b, …]</c>.</summary>
internal sealed record ListNode(int Position, IReadOnlyList<Node> Items) : Node(Position);

/// <summary><c>{k: v, …}</c>.</summary>
internal sealed record MapNode(int Position, IReadOnlyList<(Node Key, Node Value)> Entries) : Node(Position);

/// <summary>A macro over a list or map: <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c> (with an optional filter) and <c>filter</c>.</summary>
internal sealed record MacroNode(int Position, string Kind, Node Target, string Variable, Node Body, Node? Transform) : Node(Position);
