namespace ReleaseGate.Policies.Cel;

/// <summary>What kind of error a <see cref="CelError"/> is, for classifying failures.</summary>
internal enum CelErrorKind
{
    /// <summary>An evaluation error: a bad argument, an overflow, a division by zero, a missing map key.</summary>
    Runtime,

    /// <summary>A field or variable the input does not have.</summary>
    UnknownField,

    /// <summary>The evaluation ran past its time limit.</summary>
    Timeout,
}

/// <summary>
/// CEL's error value. Errors are values, not exceptions: they flow through the expression and are absorbed where
/// the language says so (<c>false &amp;&amp; error</c> is <c>false</c>, <c>true || error</c> is <c>true</c>).
/// </summary>
internal sealed class CelError(string message, CelErrorKind kind = CelErrorKind.Runtime, string? field = null)
{
    /// <summary>What went wrong, in words.</summary>
    public string Message { get; } = message;

    /// <summary>The kind of error.</summary>
    public CelErrorKind Kind { get; } = kind;

    /// <summary>For <see cref="CelErrorKind.UnknownField"/>: the field or variable name.</summary>
    public string? Field { get; } = field;

    public static CelError NoSuchOverload(string function, params object?[] args) =>
        new($"no such overload: {function}({string.Join(", ", args.Select(CelValues.TypeName))})");

    public static CelError NoSuchField(string field) => new($"no such field '{field}'", CelErrorKind.UnknownField, field);

    public static CelError Overflow(string what) => new($"{what} overflow");

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>An expression that is not valid CEL, or that calls a function the engine does not have.</summary>
internal sealed class CelSyntaxException(string message, int position) : Exception($"{message} (at column {position + 1})")
{
    /// <summary>The zero-based offset in the expression.</summary>
    public int Position { get; } = position;
}
