namespace ReleaseGate.Storage;

/// <summary>The words finding states are written as, in the database and on the wire: the one place they are mapped.</summary>
public static class FindingStates
{
    /// <summary><c>open</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public static string Word(FindingState state) => state switch
    {
        FindingState.Open => "open",
        FindingState.Acknowledged => "acknowledged",
        FindingState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown finding state"),
    };

    /// <summary>The state a word written by <see cref="Word"/> names.</summary>
    /// <exception cref="InvalidDataException">The word names no state.</exception>
    public static FindingState Parse(string word) => word switch
    {
        "open" => FindingState.Open,
        "acknowledged" => FindingState.Acknowledged,
        "resolved" => FindingState.Resolved,
        _ => throw new InvalidDataException($"unknown finding state '{word}' in the database"),
    };
}
