using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Gates;

/// <summary>
/// A valid gate as <see cref="GateBundleLoader"/> loads it: its policy includes merged, the suites it names, and one
/// digest over the gate and every file it names.
/// </summary>
/// <param name="Gate">The gate, its <see cref="Gate.Digest"/> set to <see cref="Digest"/>.</param>
/// <param name="Suites">The suites the gate names a file for, by suite name, with the cases of their case files.</param>
/// <param name="GateFile">The gate's name among <see cref="Files"/>.</param>
/// <param name="Files">The digest of each file read, by <see cref="BundlePaths"/> name: the gate, its policy includes, suites and case files.</param>
public sealed record LoadedGate(Gate Gate, IReadOnlyDictionary<string, Suite> Suites, string GateFile, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>The gate's digest (<see cref="GateDigest"/>): of its text alone, or of the index of all its files.</summary>
    public string Digest => Gate.Digest;
}
