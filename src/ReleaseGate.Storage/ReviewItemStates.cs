namespace ReleaseGate.Storage;

/// <summary>The words review item states are written as, in the database and on the wire: the one place they are mapped.</summary>
public static class ReviewItemStates
{
    /// <summary><c>open</c>, <c>adjudication</c>, <c>settled</c> or <c>void</c>.</summary>
    public static string Word(ReviewItemStatus state) => state switch
    {
        ReviewItemStatus.Open => "open",
        ReviewItemStatus.Adjudication => "adjudication",
        ReviewItemStatus.Settled => "settled",
        ReviewItemStatus.Void => "void",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown review item state"),
    };

    /// <summary>The state a word written by <see cref="Word"/> names.</summary>
    /// <exception cref="InvalidDataException">The word names no state.</exception>
    public static ReviewItemStatus Parse(string word) => word switch
    {
        "open" => ReviewItemStatus.Open,
        "adjudication" => ReviewItemStatus.Adjudication,
        "settled" => ReviewItemStatus.Settled,
        "void" => ReviewItemStatus.Void,
        _ => throw new InvalidDataException($"unknown review item state '{word}' in the database"),
    };
}
