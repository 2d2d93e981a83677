using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Formats;

namespace ReleaseGate.Storage;

/// <summary>The words bank states are written as, in the database and in ledger payloads: the one place they are mapped.</summary>
public static class BankStates
{
    /// <summary><c>active</c>, <c>quarantined</c>, <c>retired</c> or <c>proposed</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public static string Word(BankState state) => state.Word();

    /// <summary>The state a word written by <see cref="Word"/> names.</summary>
    /// <exception cref="InvalidDataException">The word names no state.</exception>
    public static BankState Parse(string word) =>
        Choices.BankStates.TryGetValue(word, out var state) ? state : throw new InvalidDataException($"unknown bank state '{word}' in the database");
}
