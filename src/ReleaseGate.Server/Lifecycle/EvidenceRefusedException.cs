using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// Thrown while an upload's lines are stored, for a line the store cannot hold as uploaded (a number that is not finite,
/// a negative repeat, an unprintable suite or case id); the transaction is rolled back and the upload refused.
/// </summary>
internal sealed class EvidenceRefusedException(GateError error) : Exception(error.ToString())
{
    /// <summary>The refused line's error.</summary>
    public GateError Error { get; } = error;
}
