using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Storage;

/// <summary>
/// A review verdict the item has no place for: the item is not waiting for that kind of verdict (it is settled, void, or not in
/// adjudication), or its places are held by the verdicts given and by other reviewers' live reservations. Unlike a
/// <see cref="ConcurrencyConflictException"/>, trying again does not help: the verdict is refused.
/// </summary>
public sealed class ReviewPlaceTakenException : GateStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the item takes no verdict.</param>
    public ReviewPlaceTakenException(string message)
        : base(ErrorCodes.StoreConcurrencyConflict, message, null)
    {
    }
}
