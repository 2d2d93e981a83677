using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Storage;

/// <summary>A write refers to a record that does not exist (an unknown workflow, release, user or waiver).</summary>
public sealed class RecordNotFoundException : GateStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public RecordNotFoundException(string message, Exception? innerException = null)
        : base(ErrorCodes.StoreNotFound, message, innerException)
    {
    }
}
