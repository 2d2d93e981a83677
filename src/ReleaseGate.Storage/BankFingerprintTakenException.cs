namespace ReleaseGate.Storage;

/// <summary>
/// A retired bank case cannot return to a non-retired state: another non-retired case of the workflow has its fingerprint, and two
/// non-retired cases never share one. Unlike a <see cref="ConcurrencyConflictException"/>, trying again does not help: retire the
/// other case first, or keep this one retired.
/// </summary>
public sealed class BankFingerprintTakenException : GateStoreException
{
    /// <summary>The stable error code, <c>RG1513</c> (docs/errors/RG1513.md).</summary>
    public const string ErrorCode = "RG1513";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which case holds the fingerprint.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public BankFingerprintTakenException(string message, Exception? innerException = null)
        : base(ErrorCode, message, innerException)
    {
    }
}
