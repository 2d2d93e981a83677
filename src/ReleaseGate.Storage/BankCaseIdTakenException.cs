namespace ReleaseGate.Storage;

/// <summary>
/// A case was banked under an id that the workflow's bank already uses for a case with another fingerprint (in any state: retired
/// cases keep their ids). Unlike a <see cref="ConcurrencyConflictException"/>, trying again does not help: give the case another id.
/// </summary>
public sealed class BankCaseIdTakenException : GateStoreException
{
    /// <summary>The stable error code, <c>RG1512</c> (docs/errors/RG1512.md).</summary>
    public const string ErrorCode = "RG1512";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which id is taken, by which case.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public BankCaseIdTakenException(string message, Exception? innerException = null)
        : base(ErrorCode, message, innerException)
    {
    }
}
