namespace ReleaseGate.Storage;

/// <summary>The words release states are written as, in the database and on the wire: the one place they are mapped.</summary>
public static class ReleaseStates
{
    /// <summary><c>pending</c>, <c>blocked</c>, <c>approved</c>, <c>rejected</c>, <c>shipped</c> or <c>rolled-back</c>.</summary>
    public static string Word(ReleaseState state) => state switch
    {
        ReleaseState.Pending => "pending",
        ReleaseState.Blocked => "blocked",
        ReleaseState.Approved => "approved",
        ReleaseState.Rejected => "rejected",
        ReleaseState.Shipped => "shipped",
        ReleaseState.RolledBack => "rolled-back",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown release state"),
    };

    /// <summary>The state a word written by <see cref="Word"/> names.</summary>
    /// <exception cref="InvalidDataException">The word names no state.</exception>
    public static ReleaseState Parse(string word) => word switch
    {
        "pending" => ReleaseState.Pending,
        "blocked" => ReleaseState.Blocked,
        "approved" => ReleaseState.Approved,
        "rejected" => ReleaseState.Rejected,
        "shipped" => ReleaseState.Shipped,
        "rolled-back" => ReleaseState.RolledBack,
        _ => throw new InvalidDataException($"unknown release state '{word}' in the database"),
    };
}
