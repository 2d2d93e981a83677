namespace ReleaseGate.Storage;

/// <summary>A storage failure the caller can act on, with a stable error code (<c>RG15nn</c>, docs/errors).</summary>
public class GateStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public GateStoreException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>The stable error code (e.g. <c>RG1501</c>).</summary>
    public string Code { get; }
}
