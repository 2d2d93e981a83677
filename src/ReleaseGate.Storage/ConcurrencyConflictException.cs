using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Storage;

/// <summary>
/// Another writer changed the same thing first: a stale <see cref="ReleaseRecord.RowVersion"/>, a serialization failure, or a
/// unique key taken by a concurrent transaction. The transaction is rolled back; re-read and decide again.
/// </summary>
public class ConcurrencyConflictException : GateStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What conflicted.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public ConcurrencyConflictException(string message, Exception? innerException = null)
        : base(ErrorCodes.StoreConcurrencyConflict, message, innerException)
    {
    }

    /// <summary>Creates the exception with a code of a more specific conflict.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">What conflicted.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    protected ConcurrencyConflictException(string code, string message, Exception? innerException)
        : base(code, message, innerException)
    {
    }
}
