namespace ReleaseGate.Policies.Cel;

/// <summary>
/// A map built by a map literal whose keys are not all strings. Keys compare as CEL does: <c>1</c>, <c>1u</c> and
/// <c>1.0</c> are the same key. Maps from the input document are <see cref="IReadOnlyDictionary{TKey, TValue}"/> of strings.
/// </summary>
internal sealed class CelMap(Dictionary<object, object?> entries)
{
    public static readonly IEqualityComparer<object> KeyComparer = new Comparer();

    public Dictionary<object, object?> Entries { get; } = entries;

    private sealed class Comparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => CelValues.Equal(x, y) is true;

        public int GetHashCode(object obj) => obj switch
        {
            long l => l.GetHashCode(),
            ulong u when u <= long.MaxValue => ((long)u).GetHashCode(),
            double d when d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758E18 => ((long)d).GetHashCode(),
            _ => obj.GetHashCode(),
        };
    }
}
