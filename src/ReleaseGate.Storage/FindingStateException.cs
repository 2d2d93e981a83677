namespace ReleaseGate.Storage;

/// <summary>
/// A finding cannot make the change asked for in the state it is in: only an open finding is acknowledged, and a resolved one is not
/// resolved again. Unlike a <see cref="ConcurrencyConflictException"/>, trying again does not help: read the finding and act on its state.
/// </summary>
public sealed class FindingStateException : GateStoreException
{
    /// <summary>The stable error code, <c>RG1514</c> (docs/errors/RG1514.md).</summary>
    public const string ErrorCode = "RG1514";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which finding, its state, and what to do.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public FindingStateException(string message, Exception? innerException = null)
        : base(ErrorCode, message, innerException)
    {
    }
}
