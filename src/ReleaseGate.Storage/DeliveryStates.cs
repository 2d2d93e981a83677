namespace ReleaseGate.Storage;

/// <summary>The words delivery states are written as, in the database and on the wire: the one place they are mapped.</summary>
public static class DeliveryStates
{
    /// <summary><c>pending</c>, <c>delivered</c> or <c>dead</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public static string Word(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivered => "delivered",
        DeliveryState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown delivery state"),
    };

    /// <summary>The state a word written by <see cref="Word"/> names.</summary>
    /// <exception cref="InvalidDataException">The word names no state.</exception>
    public static DeliveryState Parse(string word) => word switch
    {
        "pending" => DeliveryState.Pending,
        "delivered" => DeliveryState.Delivered,
        "dead" => DeliveryState.Dead,
        _ => throw new InvalidDataException($"unknown delivery state '{word}' in the database"),
    };
}
