using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Gates;

/// <summary>
/// Where <see cref="GateBundleLoader"/> reads a gate's files from: the disk (<see cref="DiskGateFiles"/>) or a stored or
/// uploaded <see cref="GateBundle"/>. The loader decides which files a gate names and what they hold; a source only
/// finds and opens them.
/// </summary>
public interface IGateFileSource
{
    /// <summary>Where the file that <paramref name="reference"/> names, written inside the file at <paramref name="referrer"/>, is: the name its errors carry.</summary>
    /// <param name="referrer">The location of the file that holds the reference.</param>
    /// <param name="reference">The path as written (relative to <paramref name="referrer"/>'s folder).</param>
    string Locate(string referrer, string reference);

    /// <summary>Opens the file at <paramref name="location"/> for reading; returns null and adds an error (RG1201) when it cannot be opened.</summary>
    /// <param name="location">Where the file is, as <see cref="Locate"/> gave it.</param>
    /// <param name="referencedFrom">Where the file is named, the place of the error; null for the gate itself.</param>
    /// <param name="errors">Receives the error.</param>
    Stream? Open(string location, SourceLocation? referencedFrom, ICollection<GateError> errors);
}
