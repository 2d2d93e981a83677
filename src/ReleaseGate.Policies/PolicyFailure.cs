namespace ReleaseGate.Policies;

/// <summary>Why an expression did not give a boolean.</summary>
internal enum PolicyFailure
{
    /// <summary>It evaluated to a boolean.</summary>
    None,

    /// <summary>It does not parse.</summary>
    Syntax,

    /// <summary>It reads a field the input does not have.</summary>
    UnknownField,

    /// <summary>It evaluated to something else than a boolean.</summary>
    NotBoolean,

    /// <summary>It failed while evaluating (a bad argument, a regex timeout).</summary>
    Runtime,

    /// <summary>It ran past the time limit.</summary>
    Timeout,

    /// <summary>The input is over one of the size caps.</summary>
    Limit,
}
