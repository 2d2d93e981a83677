using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Storage;

/// <summary>A record with the same unique key exists (a release digest already submitted, a second approval by one person in one stage).</summary>
public sealed class DuplicateRecordException : ConcurrencyConflictException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which key is taken.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public DuplicateRecordException(string message, Exception? innerException = null)
        : base(ErrorCodes.StoreDuplicate, message, innerException)
    {
    }
}
